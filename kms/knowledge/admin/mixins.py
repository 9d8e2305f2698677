"""What the knowledge base's admin pages share."""


class PrivateLedgerAdminMixin:
    """A member's own votes, bookmarks and follows: on the site nobody but
    the member sees them, so here only the national roles do."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_national else queryset.none()
