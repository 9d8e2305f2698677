"""The demo clusters as records, read from the TOML under clusters/data/demo/.

Each record is the fields of one row as the files give them, choices and
amounts already checked and converted; firms and organisations are named by
their key in firms.toml and organisations.toml, which `load_demo` checks.
"""

import datetime as dt
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import NamedTuple

from ..models import (
    ActivityKind,
    ActivityStatus,
    ClusterStatus,
    CooperationKind,
    GrantStatus,
    MemberRole,
    OrganisationKind,
    ParticipationRole,
    Portfolio,
    PostKind,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


class Step(NamedTuple):
    status: ClusterStatus
    on: dt.date
    reason: str = ""


class Member(NamedTuple):
    firm: str  # its key in firms.toml
    role: MemberRole
    joined_on: dt.date
    left_on: dt.date | None = None


class Participant(NamedTuple):
    organisation: str  # its key in organisations.toml
    role: ParticipationRole
    joined_on: dt.date


class DemoActivity(NamedTuple):
    kind: ActivityKind
    title: str
    starts_on: dt.date
    ends_on: dt.date
    status: ActivityStatus
    outputs: str = ""
    firms: tuple = ()  # the participants' keys


class DemoPlan(NamedTuple):
    year: int
    objectives: str
    activities: tuple = ()


class DemoCooperation(NamedTuple):
    firm: str
    university: str
    kind: CooperationKind
    title: str
    started_on: dt.date
    ended_on: dt.date | None = None
    amount: Decimal | None = None
    notes: str = ""


class DemoGrant(NamedTuple):
    scheme: str  # the grant scheme's code
    title: str
    status: GrantStatus
    amount_requested: Decimal
    assistance_hours: Decimal
    submitted_on: dt.date | None = None
    decided_on: dt.date | None = None
    amount_granted: Decimal | None = None
    assistance_notes: str = ""


@dataclass(frozen=True)
class DemoCluster:
    name: str
    info_spot: str  # the Info Spot's slug
    portfolio: Portfolio
    naces: tuple
    coordinator: str
    description: str
    history: tuple  # of Step, the candidate's record first
    scores: tuple  # economic impact, demand, networking, factor conditions
    website: str = ""
    rationales: tuple = ("", "", "", "")
    other_provinces: tuple = ()
    members: tuple = ()
    organisations: tuple = ()  # of Participant
    plans: tuple = ()
    cooperations: tuple = ()
    grants: tuple = ()

    @property
    def founded_on(self):
        formed = ClusterStatus.FORMED
        return next((on for status, on, _r in self.history if status == formed), None)


class DemoOrganisation(NamedTuple):
    name: str
    kind: OrganisationKind
    province: str | None = None  # None: a national body
    website: str = ""


class DemoInterest(NamedTuple):
    user: str  # an e-mail address
    message: str


class DemoPost(NamedTuple):
    author: str  # an e-mail address
    kind: PostKind
    topic: str
    description: str
    sectors: tuple  # NACE section codes
    closes_in_days: int  # from the day of the run
    cluster: str | None = None  # a cluster's name ...
    firm: str | None = None  # ... or a firm's key
    interests: tuple = ()


def _rows(cls, tables, **convert) -> tuple:
    """`cls` rows from TOML tables, a key in `convert` passed through its
    function: a missing or unknown key or a choice that does not exist fails
    here, naming itself."""
    return tuple(
        cls(**{key: convert.get(key, _as_is)(value) for key, value in table.items()})
        for table in tables
    )


def _as_is(value):
    return value


def _amount(value) -> Decimal:
    # Through str: an amount written 12.5 is 12.5, not a binary fraction.
    return Decimal(str(value))


_clusters = partial(
    _rows,
    DemoCluster,
    portfolio=Portfolio,
    naces=tuple,
    history=partial(_rows, Step, status=ClusterStatus),
    scores=tuple,
    rationales=tuple,
    other_provinces=tuple,
    members=partial(_rows, Member, role=MemberRole),
    organisations=partial(_rows, Participant, role=ParticipationRole),
    plans=partial(
        _rows,
        DemoPlan,
        activities=partial(
            _rows, DemoActivity, kind=ActivityKind, status=ActivityStatus, firms=tuple
        ),
    ),
    cooperations=partial(_rows, DemoCooperation, kind=CooperationKind, amount=_amount),
    grants=partial(
        _rows,
        DemoGrant,
        status=GrantStatus,
        amount_requested=_amount,
        amount_granted=_amount,
        assistance_hours=_amount,
    ),
)


@contextmanager
def _reading(name: str):
    """A mistake in a file is reported with the file's name."""
    try:
        yield
    except (KeyError, TypeError, ValueError) as error:  # TOMLDecodeError too
        raise ValueError(f"clusters/data/demo/{name}: {error}") from error


def _read(name: str) -> dict:
    with (DATA_DIR / name).open("rb") as file:
        return tomllib.load(file)


def load_demo():
    """Read the data files: (firms, organisations, clusters, partner posts).

    Firms map a key to a legal name and organisations a key to a
    DemoOrganisation; the clusters come in the order of their file names.
    A firm, an organisation or a cluster that no file defines is an error.
    """
    with _reading("firms.toml"):
        firms = _read("firms.toml")
    with _reading("organisations.toml"):
        tables = _read("organisations.toml")
        organisations = dict(
            zip(
                tables,
                _rows(DemoOrganisation, tables.values(), kind=OrganisationKind),
                strict=True,
            )
        )
    clusters = []
    for path in sorted((DATA_DIR / "clusters").glob("*.toml")):
        name = f"clusters/{path.name}"
        with _reading(name):
            (spec,) = _clusters([_read(name)])
            _check(spec, firms, organisations)
        clusters.append(spec)
    names = {spec.name for spec in clusters}
    with _reading("partner_posts.toml"):
        posts = _rows(
            DemoPost,
            _read("partner_posts.toml")["posts"],
            kind=PostKind,
            sectors=tuple,
            interests=partial(_rows, DemoInterest),
        )
        for post in posts:
            if not (post.cluster in names or post.firm in firms):
                raise ValueError(f"{post.topic!r} names no cluster and no firm")
    return firms, organisations, clusters, posts


def _check(spec: DemoCluster, firms: dict, organisations: dict) -> None:
    activities = [activity for plan in spec.plans for activity in plan.activities]
    named_firms = {m.firm for m in spec.members} | {c.firm for c in spec.cooperations}
    named_firms |= {key for activity in activities for key in activity.firms}
    named = {spec.coordinator, *(c.university for c in spec.cooperations)}
    named |= {p.organisation for p in spec.organisations}
    if unknown := sorted(named_firms - firms.keys()):
        raise ValueError(f"firms not in firms.toml: {unknown}")
    if unknown := sorted(named - organisations.keys()):
        raise ValueError(f"organisations not in organisations.toml: {unknown}")


FIRMS, ORGANISATIONS, CLUSTERS, PARTNER_POSTS = load_demo()
