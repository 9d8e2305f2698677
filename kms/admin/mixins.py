"""What the portal's admin pages share: scoping by moderation province,
private ledgers, and read-only rows written through the services."""

from ..querysets import moderation_scope


class ModerationScopedAdminMixin:
    """Rows are scoped through their article's province (`province_path`), as
    the moderation pages are: everything for managers and admins, the
    articles of their province for staff, nothing for anyone else."""

    province_path = "article__province"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = moderation_scope(request.user, self.province_path)
        return queryset.none() if scope is None else queryset.filter(scope)


class PrivateLedgerAdminMixin:
    """A member's own votes, bookmarks and follows: on the site nobody but
    the member sees them, so here only the national roles do."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_national else queryset.none()


class ReadOnlyAdminMixin:
    """Rows written on the site, through the services (members' ledgers, a
    cluster's life): the admin shows them and adds, changes or deletes none."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
