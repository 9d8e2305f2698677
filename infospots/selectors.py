"""Reads of the infospots app: who works where, the registry's lists and
history. Which provinces a user may see is infospots.scoping's."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher

from django.db.models import Case, Count, Sum, When
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy

from kms.core.generations import cached
from kms.core.text import fold, words

from .models import Firm, InfoSpot, Province, Service, SizeClass
from .scoping import province_scope


def home_province(*, user) -> Province | None:
    """The province a user works from, or None for national roles.

    Staff: their Info Spot's province; members: their firm's province.
    Knowledge articles keep it, so that staff of that province moderate them.
    """
    if user is None or not user.is_authenticated or user.is_national:
        return None
    if user.is_info_spot_staff:
        return Province.objects.filter(info_spots__staff_assignments__user=user).first()
    return Province.objects.filter(firms__memberships__user=user).first()


def home_info_spot(*, user) -> InfoSpot | None:
    """The Info Spot a staff member works at, or None for everyone else."""
    if user is None or not user.is_authenticated or not user.is_info_spot_staff:
        return None
    return InfoSpot.objects.filter(staff_assignments__user=user).first()


def home_organisation(*, user) -> str:
    """The organisation a user writes for: their own entry, else their firm
    (members) or their Info Spot's host institution (staff)."""
    if user is None or not user.is_authenticated or user.organisation:
        return getattr(user, "organisation", "") or ""
    if user.is_info_spot_staff:
        spot = home_info_spot(user=user)
        return spot.host_institution if spot else ""
    firm = Firm.objects.filter(memberships__user=user).first()
    return (firm.trade_name or firm.legal_name) if firm else ""


def info_spot_province_names() -> list[str]:
    """Names of the provinces that have an active Info Spot, in plate order
    (every page's footer): kept in the cache until an Info Spot or a
    province changes."""
    return cached(
        "info-spot-province-names",
        depends_on=(FILTER_CHOICES,),
        compute=lambda: list(
            InfoSpot.objects.active()
            .order_by("province__plate")
            .values_list("province__name", flat=True)
            .distinct()
        ),
    )


_SLUG = re.compile(r"[-a-z0-9]{1,60}")


def visible_province(*, user, plate: int | None = None, slug: str = ""):
    """The province with `plate` (or `slug`) if `user` may see it, else None
    (a missing province and another province's answer alike). The row is
    kept in the cache until a province changes: a dashboard asks for it on
    every view."""
    if plate is None and not _SLUG.fullmatch(slug):
        return None  # no province has such a slug; nothing kept for it
    key = f"province:{plate}" if plate is not None else f"province:{slug}"
    province = cached(
        key,
        depends_on=(FILTER_CHOICES,),
        compute=lambda: Province.objects.filter(
            **({"plate": plate} if plate is not None else {"slug": slug})
        ).first(),
        keep=lambda province: province is not None,
    )
    if province is None or not province_scope(user=user).allows(province.pk):
        return None
    return province


def pilot_info_spots():
    """Active Info Spots with their province, for the home page."""
    return InfoSpot.objects.active().select_related("province", "province__region")


# --- the SME registry ---------------------------------------------------------

# Legal-form words that do not tell two firms apart ("Ltd. Şti.", "A.Ş." ...).
LEGAL_FORM_WORDS = frozenset(
    {
        *("as", "anonim", "limited", "ltd", "sti", "sirket", "sirketi"),
        *("san", "sanayi", "tic", "ticaret", "ve"),
        *("ith", "ithalat", "ihr", "ihracat", "paz", "pazarlama"),
    }
)


def firm_name_key(legal_name: str) -> str:
    """The distinctive words of a name, folded: for spotting duplicates."""
    # "A.Ş." and "Ltd.Şti." are one word each once the dots are gone.
    kept = [w for w in words(legal_name.replace(".", "")) if w not in LEGAL_FORM_WORDS]
    return " ".join(kept)[:300]


# Cache generations (kms.core.generations) of what the firm list reads,
# bumped by every write to the models behind them (InfospotsConfig.ready):
# the firms, their services (whether they are reached), and the rows its
# filters offer (Info Spots, provinces, NACE sections and divisions).
FIRMS = "infospots-firms"
SERVICES = "infospots-services"
FILTER_CHOICES = "infospots-filter-choices"
# A firm's page depends on its own generation (bumped by a write to the
# firm, its services, figures or cluster memberships) and on FIRM_ROWS,
# bumped by bulk writes, which name no firm.
FIRM_ROWS = "infospots-firm-rows"


def firm_generation(pk: int) -> str:
    return f"infospots-firm-{pk}"


def firm_districts(*, user, firms) -> list[str]:
    """The districts of `firms` (those `user` sees), in Turkish order.

    A DISTINCT over every firm the user sees (20 ms for a province's 30,000
    at national scale): kept in the cache for the user's provinces until a
    firm changes. A member's one firm is not worth keeping.
    """

    def compute():
        districts = (
            firms.order_by().exclude(district="").values_list("district", flat=True)
        )
        return sorted(districts.distinct(), key=fold)

    scope = province_scope(user=user)
    if not scope.any:
        return compute()
    return cached(
        f"firm-districts:{scope.cache_key}", depends_on=(FIRMS,), compute=compute
    )


def firms_for_list(*, user):
    """The firms a user may see, ready for a list page (fixed query count).

    Whether each is reached is left out: a page finds it for its own rows
    (`with_reached_flags`), an export selects it for all (`with_reached`).
    Selected over a whole list, PostgreSQL answers it with one pass over
    every service, 30 ms at 100,000 firms, even for a page of 25.
    """
    return (
        Firm.objects.for_user(user)
        .annotate(size_rank=SIZE_RANK)
        .select_related("province", "primary_nace", "info_spot")
    )


def with_reached_flags(firms) -> list[Firm]:
    """The firms of a page, each with `reached` set (one query)."""
    firms = list(firms)
    reached = set(
        Service.objects.filter(firm__in=firms)
        .order_by()
        .values_list("firm_id", flat=True)
        .distinct()
    )
    for firm in firms:
        firm.reached = firm.pk in reached
    return firms


# Size classes sort from micro to large (not alphabetically); no class last.
SIZE_RANK = Case(
    *(When(size_class=size, then=rank) for rank, size in enumerate(SizeClass.values)),
    default=len(SizeClass.values),
)


def firm_timeline(*, firm):
    """The services a firm received, newest first."""
    return firm.services.select_related("info_spot", "staff").order_by("-date", "-pk")


def firm_search_key(legal_name: str, trade_name: str, tax_id: str) -> str:
    """Folded words of the names and the tax id, for substring search."""
    return " ".join(words(f"{legal_name} {trade_name} {tax_id}"))


def likely_duplicates(
    *, user, tax_id="", legal_name="", province_id=None, exclude_pk=None
):
    """Firms that may be the one being typed in, within what `user` may see.

    Returns (visible firms, whether the tax id exists outside the user's view).
    """
    visible = Firm.objects.for_user(user).exclude(pk=exclude_pk)
    found = {}
    hidden_tax_match = False
    if tax_id:
        found.update({f.pk: f for f in visible.filter(tax_id=tax_id)})
        hidden_tax_match = not found and (
            Firm.objects.exclude(pk=exclude_pk).filter(tax_id=tax_id).exists()
        )
    key = firm_name_key(legal_name)
    distinctive = key.split()
    if province_id and distinctive:
        longest = max(distinctive, key=len)
        if len(longest) >= 3:
            candidates = visible.filter(
                province_id=province_id, name_key__contains=longest
            )[:50]
            for firm in candidates:
                ratio = SequenceMatcher(None, key, firm.name_key).ratio()
                if ratio >= DUPLICATE_NAME_SIMILARITY:
                    found.setdefault(firm.pk, firm)
    return list(found.values())[:10], hidden_tax_match


DUPLICATE_NAME_SIMILARITY = 0.75


@dataclass(frozen=True)
class InfoSpotActivity:
    staff_members: int
    firms_registered: int
    firms_reached: int
    services_last_year: int
    # Whole hours, as shown: the label's plural follows the number.
    hours_last_year: int


def info_spot_activity(*, info_spot) -> InfoSpotActivity:
    """An Info Spot's recent work in numbers (no personal data)."""
    since = timezone.localdate() - dt.timedelta(days=365)
    recent = Service.objects.filter(info_spot=info_spot, date__gte=since)
    totals = recent.aggregate(count=Count("pk"), hours=Sum("hours"))
    return InfoSpotActivity(
        staff_members=info_spot.staff_assignments.filter(
            user__is_active=True, user__role="staff"
        ).count(),
        firms_registered=info_spot.firms.count(),
        firms_reached=Firm.objects.filter(services__info_spot=info_spot)
        .distinct()
        .count(),
        services_last_year=totals["count"],
        hours_last_year=int(
            (totals["hours"] or Decimal(0)).quantize(Decimal(1), ROUND_HALF_UP)
        ),
    )


def public_directory():
    """Firms that agreed to be listed: name, province, sector only."""
    return (
        Firm.objects.listed()
        .select_related("province", "primary_nace__section")
        .only(
            "legal_name",
            "trade_name",
            "province__name",
            "province__plate",
            "primary_nace__code",
            "primary_nace__name_tr",
            "primary_nace__name_en",
            "primary_nace__section__code",
            "primary_nace__section__name_tr",
            "primary_nace__section__name_en",
        )
    )


@dataclass(frozen=True)
class FieldChange:
    """One field of a change: its label and its value before and after."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a change history: when, who, what kind, which values."""

    date: dt.datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: tuple[FieldChange, ...]


HISTORY_PAGE = 20


def _value_text(record, field, naces: dict) -> str:
    """A historical value as the pages show it (choices and links by name)."""
    if field.many_to_many:
        return ", ".join(str(nace) for nace in naces.get(record.history_id, ()))
    if field.is_relation:
        related = getattr(record, field.name)
        return "" if related is None else str(related)
    value = getattr(record, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return "" if value is None else str(value)


@dataclass(frozen=True)
class HistoryPage:
    entries: list[HistoryEntry]
    has_more: bool  # older entries follow


def _history_fields() -> list:
    """The firm's fields a person edits, as its history records hold them."""
    editable = {f.name for f in Firm._meta.fields if f.editable}
    return [f for f in Firm.history.model._meta.fields if f.name in editable] + [
        Firm._meta.get_field("secondary_naces")
    ]


def firm_change_history(
    *, firm: Firm, offset: int = 0, limit: int = HISTORY_PAGE
) -> HistoryPage:
    """Entries `offset` to `offset + limit` of a firm's history, newest first.

    Each entry names the changed fields with their values before and after,
    found by comparing each record with the one before it in memory: two
    queries whatever the length (the records with their linked rows, and
    the secondary NACE divisions of each).
    """
    rows = list(
        firm.history.select_related(
            "history_user", "primary_nace", "province", "info_spot", "registered_by"
        ).order_by("-history_date", "-history_id")[offset : offset + limit + 1]
    )
    naces = {}
    if rows:
        linked = (
            rows[0]
            .secondary_naces.model.objects.filter(
                history_id__in=[row.history_id for row in rows]
            )
            .select_related("nacedivision")
        )
        for link in sorted(linked, key=lambda link: link.nacedivision.code):
            naces.setdefault(link.history_id, []).append(link.nacedivision)
    fields = _history_fields()
    entries = []
    for newer, older in zip(rows[:limit], [*rows[1:], None], strict=False):
        changes = ()
        if older is not None and newer.history_type == "~":
            changes = tuple(
                FieldChange(
                    label=str(Firm._meta.get_field(field.name).verbose_name),
                    old=old,
                    new=new,
                )
                for field in fields
                if (old := _value_text(older, field, naces))
                != (new := _value_text(newer, field, naces))
            )
        if newer.history_type == "~" and not changes:
            continue  # a save that changed nothing (or only the update time)
        entries.append(
            HistoryEntry(
                date=newer.history_date,
                user=newer.history_user,
                kind=newer.history_type,
                changes=changes,
            )
        )
    return HistoryPage(entries=entries, has_more=len(rows) > limit)


# What the dashboards say of the firms an SME metric counts without figures.
SMES_WITHOUT_FIGURES = ngettext_lazy(
    "%(count)s of them has no figures for the year and is counted as an SME.",
    "%(count)s of them have no figures for the year and are counted as SMEs.",
    "count",
)
