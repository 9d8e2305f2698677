"""Seed the demo: the five pilot Info Spots and an account for every role."""

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from benchmarking.demo import seed_programme
from clusters.demo import seed_clusters
from infospots.demo import seed_registry
from infospots.models import InfoSpot, Province
from infospots.services import staff_assign
from kms.accounts.models import Role, User
from kms.accounts.services import user_set_role
from kms.knowledge.demo import seed_knowledge_base

# slug, province plate, host institution, address, phone, opened
PILOT_INFO_SPOTS = [
    (
        "corum",
        19,
        "Çorum Ticaret ve Sanayi Odası",
        "Çepni Mah. İnönü Cad. No:2, Çorum",
        "+90 364 225 15 50",
        dt.date(2012, 3, 1),
    ),
    (
        "gaziantep",
        27,
        "Güneydoğu Anadolu İhracatçı Birlikleri (GAİB)",
        "Mücahitler Mah. Hürriyet Cad. No:33, Şehitkamil, Gaziantep",
        "+90 342 211 05 00",
        dt.date(2012, 3, 1),
    ),
    (
        "kahramanmaras",
        46,
        "Kahramanmaraş Ticaret ve Sanayi Odası",
        "Dulkadiroğlu, Kahramanmaraş",
        "+90 344 223 23 20",
        dt.date(2012, 3, 1),
    ),
    (
        "samsun",
        55,
        "Samsun Ticaret ve Sanayi Odası",
        "Kale Mah. Hastane Cad. No:1, İlkadım, Samsun",
        "+90 362 431 16 36",
        dt.date(2012, 3, 1),
    ),
    (
        "trabzon",
        61,
        "Trabzon Ticaret ve Sanayi Odası",
        "Gazipaşa Mah. Uzun Sok., Ortahisar, Trabzon",
        "+90 462 326 33 00",
        dt.date(2012, 3, 1),
    ),
]

# The first admin has nobody to appoint them: seeded as a superuser.
DEMO_ADMIN = ("admin@example.org", "Ayşe", "Yönetici")
# e-mail, first name, last name, role (given by the admin)
DEMO_PEOPLE = [
    ("manager@example.org", "Mehmet", "Proje", Role.MANAGER),
    ("sme@example.org", "Zeynep", "Karadeniz", Role.MEMBER),
    ("sme.trabzon@example.org", "Emre", "Uzungöl", Role.MEMBER),
]


class Command(BaseCommand):
    help = (
        "Create the five pilot Info Spots and demo accounts for every role "
        "(password: DEMO_PASSWORD). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (demo accounts on a real site!).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any user exists (used by `make run`).",
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: seed_demo would create demo accounts with a known "
                "password. Use --force if you really mean it."
            )
        if if_empty and User.objects.exists():
            self.stdout.write("Users exist already; demo data not seeded.")
            return
        with transaction.atomic():
            admin = self._person(*DEMO_ADMIN)
            if not admin.is_superuser:
                admin.is_superuser = admin.is_staff = True
                admin.role = Role.ADMIN
                admin.save(update_fields=["is_superuser", "is_staff", "role"])
            for email, first, last, role in DEMO_PEOPLE:
                person = self._person(email, first, last)
                if person.role != role:
                    user_set_role(actor=admin, user=person, role=role)
            staff_by_province = {}
            for slug, plate, host, address, phone, opened in PILOT_INFO_SPOTS:
                province = Province.objects.get(plate=plate)
                spot, _created = InfoSpot.objects.update_or_create(
                    slug=slug,
                    defaults={
                        "name": f"{province.name} Küme Bilgi Noktası",
                        "province": province,
                        "host_institution": host,
                        "address": address,
                        "phone": phone,
                        "email": f"{slug}@example.org",
                        "opened_on": opened,
                    },
                )
                staff = self._person(
                    f"staff.{slug}@example.org", "Personel", province.name
                )
                staff_assign(actor=admin, user=staff, info_spot=spot)
                staff_by_province[slug] = (staff, spot)
            members = {
                "samsun": User.objects.get(email="sme@example.org"),
                "trabzon": User.objects.get(email="sme.trabzon@example.org"),
            }
            firms = seed_registry(staff_by_province=staff_by_province, members=members)
            clusters = seed_clusters(
                staff_by_province=staff_by_province,
                manager=User.objects.get(email="manager@example.org"),
            )
            articles = seed_knowledge_base(stdout=self.stdout)
            # Last: its monthly snapshots count everything seeded above.
            targets = seed_programme()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(PILOT_INFO_SPOTS)} Info Spots, "
                f"{firms} new firms, "
                f"{clusters} new clusters, "
                f"{articles} new knowledge articles, "
                f"{targets} new programme targets, "
                f"{1 + len(DEMO_PEOPLE) + len(PILOT_INFO_SPOTS)} accounts "
                "(password from DEMO_PASSWORD)."
            )
        )

    def _person(self, email, first_name, last_name) -> User:
        user, _created = User.objects.update_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
