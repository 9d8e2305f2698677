"""The programme's metrics over the registry's records (kms.core.metrics)."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kms.core.metrics import Caveat, Metric, Parameter, register

from .filters import SME
from .models import Firm, Service, ServiceKind
from .selectors import SMES_WITHOUT_FIGURES


def smes_reached(as_of: dt.date):
    """SMEs (by their size class that year) that had received at least one
    service by `as_of`."""
    served = Service.objects.filter(firm=OuterRef("pk"), date__lte=as_of)
    return Firm.objects.smes(on=as_of).filter(Exists(served))


def reached_smes_in_firm_list(province_id: int | None) -> str:
    """The firm list filtered to the SMEs reached: today's size class is the
    firm's latest figures' (no figures are given for a future year)."""
    query = {"reached": "true", "size_class": SME}
    if province_id is not None:
        query["province"] = province_id
    return f"{reverse('infospots:firm_list')}?{urlencode(query)}"


register(
    Metric(
        code="smes_reached",
        label=_("SMEs reached"),
        unit=ngettext_lazy("SME", "SMEs"),
        depends_on=("infospots.Firm", "infospots.Service", "infospots.AnnualFigures"),
        records=smes_reached,
        caveat=Caveat(
            text=SMES_WITHOUT_FIGURES,
            records=lambda as_of: smes_reached(as_of).without_size_class(),
        ),
        drill_down=reached_smes_in_firm_list,
        help_text=_(
            "Small and medium-sized firms with at least one service from an "
            "Info Spot. Large firms do not count; a firm without figures does."
        ),
    )
)


def services_delivered(as_of: dt.date, kind: str = ""):
    """Services delivered by `as_of` (of one type, when given), by the
    firm's province."""
    services = Service.objects.filter(date__lte=as_of).select_related("firm")
    return services.filter(kind=kind) if kind else services


register(
    Metric(
        code="services_delivered",
        label=_("Services delivered"),
        unit=ngettext_lazy("service", "services"),
        depends_on=("infospots.Service", "infospots.Firm"),
        records=services_delivered,
        province_path="firm__province",
        parameters=(
            Parameter(
                name="kind",
                label=_("type of service"),
                choices=lambda: ServiceKind.choices,
            ),
        ),
    )
)
