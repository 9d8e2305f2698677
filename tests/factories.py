"""factory_boy factories. Reference data (provinces, NACE) comes from migrations."""

import factory
from django.conf import settings

from infospots.models import InfoSpot, Province, StaffAssignment
from kms.models import Role, User


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
