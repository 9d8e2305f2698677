"""Province scoping: the one rule of who sees which province's rows.

Staff of an Info Spot see and change the rows of its province only; project
managers and admins see every province; a member sees what belongs to their
own firm; visitors see no province's rows. Another province's row answers
404 exactly like a missing one, because every page fetches through here.

A province-owned model declares the path from its rows to their province and
takes its manager from `ScopedQuerySet`:

    class Service(models.Model):
        province_path = "firm__province"
        member_path = "firm__memberships__user"  # optional: what a member sees
        objects = ServiceQuerySet.as_manager()  # a ScopedQuerySet

and gets `for_user(user)` (and `in_provinces_of(user)`, without the member
rows). A row that belongs to one of two owners names both paths (a partner
post: its cluster's province or its firm's). A model that reaches a province
but is not owned by it (an Info Spot, a programme's target for a province)
says so with `province_path = None`. The system check below fails for any
model with a path to `Province` that declares neither, so a new model cannot
forget the rule; Django admin scopes through the same rule
(`ScopedAdminMixin`).
"""

from dataclasses import dataclass

from django.apps import apps
from django.core import checks
from django.db import models
from simple_history.models import HistoricalChanges

from kms.accounts.permissions import is_signed_in
from kms.core.changes import TrackedQuerySet

from .models.reference import Province, Region
from .models.spots import StaffAssignment

_SCOPE_CACHE_ATTR = "_kms_province_scope"


@dataclass(frozen=True)
class ProvinceScope:
    """The provinces a user may see: all of them, or an explicit set."""

    everything: bool
    province_ids: frozenset[int]

    def q(self, path: str | tuple[str, ...] = "province") -> models.Q:
        """A Q-filter for rows whose province is reached through `path` (or
        through any of several paths)."""
        if self.everything:
            return models.Q()
        paths = (path,) if isinstance(path, str) else path
        condition = models.Q(pk__in=[])
        for one in paths:
            condition |= models.Q(**{f"{one}__in": self.province_ids})
        return condition

    def allows(self, province_id: int | None) -> bool:
        return self.everything or province_id in self.province_ids

    @property
    def any(self) -> bool:
        """Whether the user works in any province at all."""
        return self.everything or bool(self.province_ids)

    @property
    def cache_key(self) -> str:
        """The scope in a cache key: what is cached for one scope is shown
        only to users with exactly the same one."""
        if self.everything:
            return "all"
        return ",".join(str(pk) for pk in sorted(self.province_ids)) or "none"


NO_PROVINCE = ProvinceScope(everything=False, province_ids=frozenset())
ALL_PROVINCES = ProvinceScope(everything=True, province_ids=frozenset())


def province_scope(*, user) -> ProvinceScope:
    """Answer "which provinces may this user see", once per request.

    Anonymous users and members see none (members reach their own firm through
    their membership, not through a province); managers and admins see all;
    info-spot staff see the province of their Info Spot. The answer is cached
    on the user object, which Django builds afresh for every request.
    """
    if not is_signed_in(user):
        return NO_PROVINCE
    cached = getattr(user, _SCOPE_CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_national:
        scope = ALL_PROVINCES
    elif user.is_info_spot_staff:
        # Unordered: the model's ordering would join the users and the
        # provinces into a query every staff request makes.
        ids = (
            StaffAssignment.objects.filter(user=user)
            .order_by()
            .values_list("info_spot__province_id", flat=True)
        )
        scope = ProvinceScope(everything=False, province_ids=frozenset(ids))
    else:
        scope = NO_PROVINCE
    setattr(user, _SCOPE_CACHE_ATTR, scope)
    return scope


def visible_provinces(*, user) -> models.QuerySet[Province]:
    """The provinces a user may see, as a QuerySet."""
    scope = province_scope(user=user)
    if scope.everything:
        return Province.objects.all()
    return Province.objects.filter(pk__in=scope.province_ids)


class ScopedQuerySet(TrackedQuerySet):
    """Rows of a province-owned model (its `province_path`), as one user may
    see them. Their bulk writes announce themselves (kms.core.changes): the
    programme's metrics count such rows."""

    def in_provinces_of(self, user):
        """The rows of the provinces `user` works in: every row for national
        roles, their Info Spot's province's for staff, none for anyone else."""
        scope = province_scope(user=user)
        if scope.everything:
            return self.all()
        if scope.province_ids:
            return self.filter(scope.q(self.model.province_path))
        return self.none()

    def for_user(self, user):
        """What `user` may see: the rows of the provinces they work in, and for
        anyone else signed in (members) what `for_member` gives them."""
        if province_scope(user=user).any:
            return self.in_provinces_of(user)
        if is_signed_in(user):
            return self.for_member(user)
        return self.none()

    def for_member(self, user):
        """The rows a signed-in user without a province sees: those reached
        through the model's `member_path` (their own firm's), else none."""
        path = getattr(self.model, "member_path", None)
        if path is None:
            return self.none()
        owned = self.model._base_manager.filter(**{path: user}).values("pk")
        return self.filter(pk__in=owned)


class ScopedAdminMixin:
    """Django admin lists the rows the same rule gives on the site."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


# --- the check that no province-owned model forgets the rule ----------------

# Reference data: the provinces themselves.
_REFERENCE = (Province, Region)


def _reaches_province(model, seen=()) -> bool:
    """Whether following `model`'s foreign keys leads to a Province."""
    for field in model._meta.get_fields():
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            continue
        target = field.related_model
        if target is Province:
            return True
        if target not in seen and _reaches_province(target, (*seen, model)):
            return True
    return False


def _path_errors(model) -> list[checks.CheckMessage]:
    path = model.province_path
    paths = (path,) if isinstance(path, str) else path
    errors = []
    for one in paths:
        current = model
        try:
            for name in one.split("__"):
                current = current._meta.get_field(name).related_model
        except Exception:  # a name that is not a relation
            current = None
        if current is not Province:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.province_path {one!r} does not lead to "
                    "a Province.",
                    obj=model,
                    id="infospots.E002",
                )
            )
    if not isinstance(model._default_manager.get_queryset(), ScopedQuerySet):
        errors.append(
            checks.Error(
                f"{model._meta.label} declares a province path but its manager "
                "is not a ScopedQuerySet, so it has no for_user().",
                hint="objects = <a ScopedQuerySet subclass>.as_manager()",
                obj=model,
                id="infospots.E003",
            )
        )
    return errors


def province_owned_errors(models_to_check) -> list[checks.CheckMessage]:
    """What is wrong with how `models_to_check` declare their province."""
    errors = []
    for model in models_to_check:
        if model in _REFERENCE or issubclass(model, HistoricalChanges):
            continue  # history rows are read only through their own row
        if not _reaches_province(model):
            continue
        if not hasattr(model, "province_path"):
            errors.append(
                checks.Error(
                    f"{model._meta.label} reaches a Province but declares no "
                    "province_path.",
                    hint=(
                        'Declare province_path = "<path to its province>" and a '
                        "ScopedQuerySet manager, or province_path = None with a "
                        "comment when its rows are not a province's "
                        "(infospots/scoping.py)."
                    ),
                    obj=model,
                    id="infospots.E001",
                )
            )
        elif model.province_path is not None:
            errors += _path_errors(model)
    return errors


@checks.register(checks.Tags.models)
def check_province_owned_models(app_configs=None, **kwargs):
    """Every model with a path to a province declares how it is scoped."""
    return province_owned_errors(apps.get_models())
