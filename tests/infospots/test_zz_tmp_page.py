import pytest
from django.shortcuts import render as real_render
from infospots.contacts import firm_contacts
from tests.factories import ContactFactory, FirmFactory


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 10])
def test_page(client, staff_a, info_spot_a, monkeypatch, n):
    def render(request, template, context, **kw):
        if template == "infospots/firm_detail.html":
            context["contacts"] = firm_contacts(user=request.user, firm=context["firm"])
        return real_render(request, template, context, **kw)
    monkeypatch.setattr("infospots.views.firms.render", render)
    firm = FirmFactory(province=info_spot_a.province, info_spot=info_spot_a)
    for _ in range(n):
        ContactFactory(firm=firm)
    client.force_login(staff_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(firm.get_absolute_url())
    print("RESULT", n, r.status_code, len(ctx.captured_queries), r.content.decode().count("/contacts/"))
