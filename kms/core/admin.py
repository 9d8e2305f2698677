"""What the portal's admin pages share."""


class ReadOnlyAdminMixin:
    """Rows written on the site, through the services (members' ledgers, a
    cluster's life): the admin shows them and adds, changes or deletes none."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
