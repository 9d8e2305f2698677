"""Days people type: never in the future, and filters between two days.

A day that has not come yet cannot have a service, a status change or a
membership: `validate_not_future_date` says so with one message for the
whole portal.

For list filters, people pick days while the rows carry timestamps. The
days are turned into midnights in the site's time zone and compared with
the indexed column itself (a function of the column, such as its date,
would use no index).
"""

import datetime as dt

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

FUTURE_DATE = _("The date cannot be in the future.")


def validate_not_future_date(value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(FUTURE_DATE, code="future_date")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the site's time zone."""
    day = day.date() if isinstance(day, dt.datetime) else day
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class DayRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date inputs, each with its own accessible name."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "date", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = (
            pgettext("start of a range of days", "from"),
            pgettext("end of a range of days", "until"),
        )
        for subwidget, label in zip(
            context["widget"]["subwidgets"], labels, strict=True
        ):
            subwidget["attrs"]["aria-label"] = label
        return context


class DayRangeFilter(django_filters.DateFromToRangeFilter):
    """Rows whose timestamp falls on or between two days (both included)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DayRangeWidget())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if value.start:
            qs = qs.filter(**{f"{self.field_name}__gte": day_start(value.start)})
        if value.stop:
            stop = day_start(value.stop + dt.timedelta(days=1))
            qs = qs.filter(**{f"{self.field_name}__lt": stop})
        return qs
