"""factory_boy factories. Reference data (provinces, NACE) comes from migrations."""

import datetime

import factory
from django.conf import settings
from django.utils import timezone

from clusters.models import GrantScheme
from infospots.models import InfoSpot, NaceDivision, Province, StaffAssignment
from infospots.selectors import firm_name_key, firm_search_key
from infospots.validators import complete_vkn
from kms.accounts.models import Role, User
from kms.core.text import fold_key
from kms.knowledge.search import index_article, search_text_for
from kms.knowledge.services import render_markdown


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.MEMBER
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InfoSpotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfoSpot

    province = factory.LazyFunction(lambda: Province.objects.get(name="Samsun"))
    name = factory.LazyAttribute(lambda o: f"{o.province.name} Küme Bilgi Noktası")
    slug = factory.Sequence(lambda n: f"info-spot-{n}")
    host_institution = factory.LazyAttribute(
        lambda o: f"{o.province.name} Ticaret ve Sanayi Odası"
    )


class StaffFactory(UserFactory):
    role = Role.STAFF
    assignment = factory.RelatedFactory(
        "tests.factories.StaffAssignmentFactory", factory_related_name="user"
    )


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory(UserFactory, role=Role.STAFF)
    info_spot = factory.SubFactory(InfoSpotFactory)


def valid_vkn(n: int) -> str:
    """The n-th valid VKN (10-digit tax number)."""
    return complete_vkn(f"{n:09d}")


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "infospots.Firm"
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Firma {n} Gıda San. ve Tic. Ltd. Şti.")
    tax_id = factory.Sequence(lambda n: valid_vkn(100000 + n))
    province = factory.LazyFunction(lambda: Province.objects.get(name="Samsun"))
    info_spot = factory.SubFactory(
        InfoSpotFactory, province=factory.SelfAttribute("..province")
    )
    primary_nace = factory.LazyFunction(lambda: NaceDivision.objects.get(code="10"))
    district = "İlkadım"
    name_key = factory.LazyAttribute(lambda o: firm_name_key(o.legal_name))
    search_key = factory.LazyAttribute(
        lambda o: firm_search_key(o.legal_name, o.trade_name, o.tax_id)
    )
    trade_name = ""


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "infospots.Service"

    firm = factory.SubFactory(FirmFactory)
    info_spot = factory.SelfAttribute("firm.info_spot")
    kind = "information"
    date = factory.LazyFunction(lambda: datetime.date(2026, 3, 2))
    hours = 2


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "infospots.Contact"

    firm = factory.SubFactory(FirmFactory)
    full_name = factory.Sequence(lambda n: f"Ayşe Yılmaz {n}")
    position = "Genel Müdür"
    phone = factory.Sequence(lambda n: f"+90 362 555 {n:04d}")
    email = factory.Sequence(lambda n: f"kisi{n}@firma.example")


class InformationNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "infospots.InformationNotice"

    version = factory.Sequence(lambda n: f"1.{n}")
    title = "KVKK Aydınlatma Metni"
    text = "Kişisel verileriniz KVKK kapsamında işlenmektedir."
    published_on = datetime.date(2024, 1, 1)


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "infospots.ConsentRecord"

    contact = factory.SubFactory(ContactFactory)
    notice = factory.SubFactory(InformationNoticeFactory)
    action = "given"
    channel = "in_person"
    recorded_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class ImportJobFactory(factory.django.DjangoModelFactory):
    """A spreadsheet import job without a file (for pages and scoping)."""

    class Meta:
        model = "infospots.ImportJob"

    info_spot = factory.SubFactory(InfoSpotFactory)
    province = factory.SelfAttribute("info_spot.province")
    original_name = "firms.csv"
    file_format = "csv"
    language = "en"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.Category"

    name_tr = factory.Sequence(lambda n: f"İhracat pazarları {n}")
    name_en = factory.Sequence(lambda n: f"Export markets {n}")
    slug = factory.Sequence(lambda n: f"export-markets-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published public article, rendered through the service's sanitiser
    and indexed for search as article_save does; `tags=[...]` sets its tags."""

    class Meta:
        model = "knowledge.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"İhracatta yeni pazarlar {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "Küçük firmalar için ihracat rehberi."
    body_markdown = "**Kümelenme** ile ihracat."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body_markdown))
    search_text = factory.LazyAttribute(
        lambda o: search_text_for(
            title=o.title, summary=o.summary, tag_names=(), language=o.language
        )
    )
    language = "tr"
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(UserFactory)
    status = "published"
    published_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 5, 25, 10, 0, tzinfo=datetime.UTC)
    )

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create:
            if extracted:
                obj.tags.set(extracted)
            index_article(obj)


class CommentFactory(factory.django.DjangoModelFactory):
    """A visible comment on a published article."""

    class Meta:
        model = "knowledge.Comment"

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Çok faydalı bir yazı, teşekkürler ({n}).")


# The smallest file that PDF readers and kms.core.filekinds accept as a PDF.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A PDF attached to a published article. Tests that create one point
    MEDIA_ROOT at a temporary folder first (the `settings` fixture)."""

    class Meta:
        model = "knowledge.Attachment"

    article = factory.SubFactory(ArticleFactory)
    file = factory.django.FileField(filename="rehber.pdf", data=MINIMAL_PDF)
    original_name = "Rehber.pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    uploaded_by = factory.SelfAttribute("article.author")


# --- clusters ----------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clusters.Organisation"

    name = factory.Sequence(lambda n: f"Ondokuz Mayıs Üniversitesi {n}")
    kind = "university"
    name_key = factory.LazyAttribute(lambda o: fold_key(o.name))


class ClusterFactory(factory.django.DjangoModelFactory):
    """A cluster row as the services leave it (status history not included:
    use clusters.services.cluster_change_status for a real lifecycle)."""

    class Meta:
        model = "clusters.Cluster"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Samsun Gıda Kümesi {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    province = factory.LazyFunction(lambda: Province.objects.get(name="Samsun"))
    portfolio = "food"
    status = "active"
    status_since = factory.LazyFunction(lambda: datetime.date(2026, 1, 15))
    identified_on = factory.LazyAttribute(
        lambda o: None if o.status == "candidate" else datetime.date(2025, 6, 1)
    )
    description = "Gıda üreticilerinin işbirliği."
    name_key = factory.LazyAttribute(lambda o: fold_key(o.name))
    search_key = factory.LazyAttribute(lambda o: fold_key(f"{o.name} {o.description}"))


class ClusterMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clusters.ClusterMembership"

    cluster = factory.SubFactory(ClusterFactory)
    firm = factory.SubFactory(
        FirmFactory, province=factory.SelfAttribute("..cluster.province")
    )
    role = "member"
    joined_on = datetime.date(2026, 2, 1)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clusters.Participation"

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "partner"
    joined_on = datetime.date(2026, 2, 1)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clusters.ActionPlan"

    cluster = factory.SubFactory(ClusterFactory)
    year = 2026
    objectives = "İhracat pazarlarına birlikte açılmak."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clusters.Activity"

    plan = factory.SubFactory(ActionPlanFactory)
    kind = "training"
    title = factory.Sequence(lambda n: f"Etkinlik {n}")
    starts_on = datetime.date(2026, 3, 10)
    ends_on = datetime.date(2026, 3, 11)
    status = "completed"


class GrantApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clusters.GrantApplication"

    cluster = factory.SubFactory(ClusterFactory)
    scheme = factory.LazyFunction(lambda: GrantScheme.objects.get(code="ur-ge"))
    title = factory.Sequence(lambda n: f"UR-GE projesi {n}")
    status = "submitted"
    submitted_on = datetime.date(2026, 4, 1)
    amount_requested = 500000


class PartnerPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clusters.PartnerPost"

    kind = "offer"
    topic = factory.Sequence(lambda n: f"Ortak fuar katılımı {n}")
    description = "Birlikte stand açacak firmalar arıyoruz."
    expires_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=60)
    )
    cluster = factory.SubFactory(ClusterFactory)
    author = factory.SubFactory(UserFactory)
    search_key = factory.LazyAttribute(lambda o: fold_key(f"{o.topic} {o.description}"))
