"""The metric registry: every number the programme is measured by.

A metric is declared once, in the `metrics.py` of the app that owns the
records it reads (infospots: SMEs reached, services delivered; clusters:
SMEs in clusters, clusters identified, ...), with `register(Metric(...))`.
Benchmarking reads the registry: targets are measured with a registered
metric, the snapshots are computed from it, the dashboards, report and
admin show its label and unit, its number drills down to the records it
counted, and a write to the records it depends on asks for a recompute.

A metric reads the dated records as they stood at the end of a day and
answers {province id: value} for every province with a value, plus the
national value under the key None. A count says which records it counts
(`records`) and how a record reaches its province (`province_path`); the
national value is then the count of all of them, the provinces' sum (rows
without a province count nationally only). A mean, a median or a share is
no sum of provinces: such a metric gives `compute` instead and says
`national=NATIONAL_OWN`.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core import checks
from django.db.models import Count, QuerySet
from django.utils.functional import Promise

from .changes import TrackedQuerySet

Values = dict[int | None, Decimal]

NATIONAL_SUM = "sum"  # the count of every record: the provinces' sum
NATIONAL_OWN = "own"  # computed on its own (a mean, a median, a share)


@dataclass(frozen=True)
class Parameter:
    """A choice a target makes about its metric (e.g. one type of service)."""

    name: str
    label: Promise
    choices: Callable[[], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Caveat:
    """Records counted on an assumption the dashboard spells out: `text` is a
    plural-aware message taking `%(count)s`."""

    text: Promise
    records: Callable[..., QuerySet]


@dataclass(frozen=True)
class Metric:
    code: str
    label: Promise
    # ngettext_lazy("SME", "SMEs"): `unit % number` gives the right form.
    unit: Promise
    # Model labels ("infospots.Service") whose writes change the values.
    depends_on: tuple[str, ...]
    # A count: (as_of, **parameters) -> the records counted on that day.
    records: Callable[..., QuerySet] | None = None
    province_path: str = "province"
    # Anything else: (as_of, **parameters) -> Values.
    compute: Callable[..., Values] | None = None
    national: str = NATIONAL_SUM
    parameters: tuple[Parameter, ...] = ()
    caveat: Caveat | None = None
    # Where a province's (or the national, province None) number opens: a
    # list of exactly the records counted. (province_id, **parameters) ->
    # URL. Without it, a count opens the dashboard's list of its records.
    drill_down: Callable[..., str] | None = None
    help_text: Promise | str = field(default="")

    def __post_init__(self):
        if (self.records is None) == (self.compute is None):
            raise ValueError(f"Metric {self.code}: give `records` or `compute`.")
        if len(self.code) > 32:
            raise ValueError(f"Metric {self.code}: a code has 32 characters at most.")

    def __str__(self):
        return str(self.label)

    def unit_for(self, number) -> str:
        """The unit as written after `number` ("1 SME", "400 SMEs")."""
        return self.unit % (int(number) if number == int(number) else 2)

    def values(self, as_of: dt.date, **parameters) -> Values:
        if self.compute is not None:
            return self.compute(as_of, **parameters)
        return count_by_province(self.records(as_of, **parameters), self.province_path)

    def caveat_values(self, as_of: dt.date, **parameters) -> Values:
        if self.caveat is None:
            return {}
        records = self.caveat.records(as_of, **parameters)
        return count_by_province(records, self.province_path)

    def records_in(self, as_of: dt.date, province_id: int | None, **parameters):
        """The records counted in one province (all of them for None)."""
        records = self.records(as_of, **parameters)
        if province_id is not None:
            records = records.filter(**{self.province_path: province_id})
        return records


def count_by_province(records: QuerySet, path: str) -> Values:
    """Count `records` per province (reached through `path`), plus the total."""
    counts = {
        row[path]: Decimal(row["n"])
        for row in records.order_by().values(path).annotate(n=Count("pk"))
    }
    national = sum(counts.values(), Decimal(0))
    counts.pop(None, None)  # rows without a province count nationally only
    return {**counts, None: national}


class Registry:
    def __init__(self):
        self._metrics: dict[str, Metric] = {}

    def register(self, metric: Metric) -> Metric:
        if metric.code in self._metrics and self._metrics[metric.code] != metric:
            raise ValueError(f"A metric with the code {metric.code} is registered.")
        self._metrics[metric.code] = metric
        return metric

    def unregister(self, code: str) -> None:
        self._metrics.pop(code, None)

    def get(self, code: str) -> Metric | None:
        return self._metrics.get(code)

    def __contains__(self, code: str) -> bool:
        return code in self._metrics

    def __iter__(self):
        return iter(self._metrics.values())

    def choices(self) -> list[tuple[str, str]]:
        """(code, label) of every metric, for a choice field."""
        return [(m.code, str(m.label)) for m in self._metrics.values()]

    def parameters(self) -> dict[str, Parameter]:
        """Every parameter any metric takes, by name."""
        return {p.name: p for m in self._metrics.values() for p in m.parameters}

    def dependencies(self) -> set[str]:
        return {label for m in self._metrics.values() for label in m.depends_on}


registry = Registry()
register = registry.register


@checks.register(checks.Tags.models)
def check_metric_dependencies(app_configs=None, **kwargs):
    """A metric's dependencies exist and announce their bulk writes, so that
    no import or recount passes unseen by the recompute."""
    errors = []
    for metric in registry:
        for label in metric.depends_on:
            try:
                model = apps.get_model(label)
            except LookupError:
                errors.append(
                    checks.Error(
                        f"Metric {metric.code} depends on {label}, which is no model.",
                        id="kms.E101",
                    )
                )
                continue
            if not isinstance(model._default_manager.get_queryset(), TrackedQuerySet):
                errors.append(
                    checks.Error(
                        f"Metric {metric.code} depends on {label}, whose manager "
                        "is no TrackedQuerySet: its bulk writes would go unseen.",
                        hint="objects = <a TrackedQuerySet subclass>.as_manager()",
                        id="kms.E102",
                    )
                )
    return errors
