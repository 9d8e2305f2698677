"""A paginator that counts no further than it lets a visitor page."""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Pages through the first `cap` rows only, and counts no further: one
    `SELECT COUNT(*) FROM (... LIMIT cap + 1)` instead of counting every row
    of the table. `capped` tells that more rows exist than `count` says."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        if isinstance(self.object_list, Sequence):
            return len(self.object_list[: self.cap + 1])
        # Without ORDER BY: which rows are counted does not matter, and the
        # database may then stop at any cap + 1 of them instead of sorting
        # every row first.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap
