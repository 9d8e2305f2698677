"""Bulk writes that say so.

Django sends `post_save` and `post_delete` for rows saved and deleted one by
one, but nothing for `bulk_create`, `bulk_update` or `QuerySet.update()`:
an import of 10,000 firms or a recount with `F()` would pass unseen. A model
whose writes others watch (the metrics' dependencies, kms.core.metrics)
takes its manager from `TrackedQuerySet`; its bulk writes then send
`rows_changed` with the model as sender, after the rows are written.
"""

from django.db import models
from django.dispatch import Signal

# sender: the model class whose rows a bulk write changed.
rows_changed = Signal()


class TrackedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            rows_changed.send(sender=self.model)
        return created

    def update(self, **kwargs):
        # bulk_update() writes through update() too.
        count = super().update(**kwargs)
        if count:
            rows_changed.send(sender=self.model)
        return count
