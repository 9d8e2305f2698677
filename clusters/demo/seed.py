"""Write the demo clusters' rows through the clusters services, once."""

import datetime as dt

from django.utils import timezone

from infospots.models import Firm, NaceDivision, NaceSection, Province
from kms.accounts.models import User
from kms.core.text import fold_key

from ..models import (
    ActionPlan,
    Activity,
    ActivityStatus,
    Cluster,
    ClusterMembership,
    Cooperation,
    GrantApplication,
    GrantScheme,
    Organisation,
    Participation,
    PartnerInterest,
    PartnerPost,
    SelectionCriterion,
)
from ..services import (
    candidate_scores_save,
    cluster_change_status,
    cluster_create,
    membership_add,
    membership_update,
    organisation_save,
    participation_add,
)
from ..services.partners import partner_post_create
from ..services.work import activity_save, cooperation_save, grant_save, plan_create
from .records import CLUSTERS, FIRMS, ORGANISATIONS, PARTNER_POSTS


def seed_clusters(*, staff_by_province: dict, manager) -> int:
    """Create the demo clusters once. Returns how many clusters were created.

    `staff_by_province` maps an Info Spot slug to (staff user, Info Spot);
    `manager` adds the organisations and the firms of other provinces.
    Needs the demo registry (infospots.demo.seed_registry).
    """
    today = timezone.localdate()
    organisations = _seed_organisations(manager)
    firms = {
        f.legal_name: f
        for f in Firm.objects.filter(legal_name__in=FIRMS.values()).select_related(
            "province"
        )
    }
    firm_of = {key: firms.get(name) for key, name in FIRMS.items()}
    provinces = {p.name: p for p in Province.objects.all()}
    naces = {n.code: n for n in NaceDivision.objects.all()}
    criteria = list(SelectionCriterion.objects.order_by("order", "code"))
    created = 0
    seeded = {}  # name: (spec, cluster, staff), in the order of CLUSTERS
    for spec in CLUSTERS:
        staff, spot = staff_by_province[spec.info_spot]
        cluster = Cluster.objects.filter(
            province=spot.province, name_key=fold_key(spec.name)
        ).first()
        if cluster is None:
            cluster = _create_cluster(
                spec, staff, spot, organisations, provinces, naces, criteria, today
            )
            created += 1
        seeded[spec.name] = (spec, cluster, staff)
        _seed_participants(spec, cluster, staff, manager, organisations, firm_of, today)
        _seed_plans(spec, cluster, staff, firm_of, today)
    _seed_cooperations(seeded, organisations, firm_of, today)
    _seed_grants(seeded, today)
    _seed_partner_posts(seeded, firm_of, today)
    return created


def _past(day: dt.date, today: dt.date) -> dt.date:
    return min(day, today)


def _past_or_none(day: dt.date | None, today: dt.date) -> dt.date | None:
    return _past(day, today) if day else None


def _seed_organisations(manager) -> dict:
    """The organisations by their key in organisations.toml."""
    existing = {
        o.name_key: o
        for o in Organisation.objects.filter(
            name_key__in=[fold_key(o.name) for o in ORGANISATIONS.values()]
        )
    }
    provinces = {p.name: p for p in Province.objects.all()}
    organisations = {}
    for key, spec in ORGANISATIONS.items():
        organisation = existing.get(fold_key(spec.name))
        if organisation is None:
            organisation = organisation_save(
                actor=manager,
                organisation=Organisation(
                    name=spec.name,
                    kind=spec.kind,
                    province=provinces.get(spec.province) if spec.province else None,
                    website=spec.website,
                ),
            )
        organisations[key] = organisation
    return organisations


def _create_cluster(
    spec, staff, spot, organisations, provinces, naces, criteria, today
) -> Cluster:
    (_candidate, started, _reason), *steps = spec.history
    cluster = cluster_create(
        actor=staff,
        cluster=Cluster(
            name=spec.name,
            province=spot.province,
            portfolio=spec.portfolio,
            coordinator=organisations[spec.coordinator],
            description=spec.description,
            website=spec.website,
            founded_on=_past_or_none(spec.founded_on, today),
        ),
        other_provinces=[provinces[name] for name in spec.other_provinces],
        naces=[naces[code] for code in spec.naces],
        on=_past(started, today),
    )
    candidate_scores_save(
        actor=staff,
        cluster=cluster,
        scores={
            criterion: (score, rationale)
            for criterion, score, rationale in zip(
                criteria, spec.scores, spec.rationales, strict=True
            )
        },
    )
    for status, on, reason in steps:
        cluster_change_status(
            actor=staff,
            cluster=cluster,
            to_status=status,
            reason=reason,
            changed_on=_past(on, today),
        )
    cluster.refresh_from_db()
    return cluster


def _actor_for(firm, cluster, staff, manager):
    """Staff add the firms of their province; a firm of a province the
    cluster reaches is added by a project manager."""
    return staff if firm.province_id == cluster.province_id else manager


def _seed_participants(spec, cluster, staff, manager, organisations, firm_of, today):
    members = {m.firm_id: m for m in ClusterMembership.objects.filter(cluster=cluster)}
    for key, role, joined, left in spec.members:
        firm = firm_of[key]
        if firm is None or firm.pk in members:
            continue
        actor = _actor_for(firm, cluster, staff, manager)
        membership = membership_add(
            actor=actor,
            cluster=cluster,
            firm=firm,
            role=role,
            joined_on=_past(joined, today),
        )
        if left is not None:
            membership_update(
                actor=actor,
                membership=membership,
                role=role,
                joined_on=membership.joined_on,
                left_on=_past(left, today),
            )
    taking_part = set(
        Participation.objects.filter(cluster=cluster).values_list(
            "organisation_id", flat=True
        )
    )
    for key, role, joined in spec.organisations:
        organisation = organisations[key]
        if organisation.pk in taking_part:
            continue
        participation_add(
            actor=staff,
            cluster=cluster,
            organisation=organisation,
            role=role,
            joined_on=_past(joined, today),
        )


def _seed_plans(spec, cluster, staff, firm_of, today):
    plans = {p.year: p for p in ActionPlan.objects.filter(cluster=cluster)}
    titles = set(
        Activity.objects.filter(plan__cluster=cluster).values_list(
            "plan__year", "title"
        )
    )
    for demo_plan in spec.plans:
        plan = plans.get(demo_plan.year)
        if plan is None:
            plan = plan_create(
                actor=staff,
                cluster=cluster,
                year=demo_plan.year,
                objectives=demo_plan.objectives,
            )
        for kind, title, starts, ends, status, outputs, keys in demo_plan.activities:
            if (demo_plan.year, title) in titles:
                continue
            if status == ActivityStatus.COMPLETED:  # it ended by today
                starts, ends = _past(starts, today), _past(ends, today)
            activity_save(
                actor=staff,
                activity=Activity(
                    plan=plan,
                    kind=kind,
                    title=title,
                    starts_on=starts,
                    ends_on=ends,
                    status=status,
                    outputs=outputs,
                ),
                participants=[firm_of[key] for key in keys if firm_of[key]],
            )


def _seed_cooperations(seeded, organisations, firm_of, today):
    existing = set(Cooperation.objects.values_list("cluster_id", "title"))
    for spec, cluster, staff in seeded.values():
        for row in spec.cooperations:
            if (cluster.pk, row.title) in existing or firm_of[row.firm] is None:
                continue
            cooperation_save(
                actor=staff,
                cooperation=Cooperation(
                    cluster=cluster,
                    firm=firm_of[row.firm],
                    university=organisations[row.university],
                    kind=row.kind,
                    title=row.title,
                    started_on=_past(row.started_on, today),
                    ended_on=_past_or_none(row.ended_on, today),
                    amount=row.amount,
                    notes=row.notes,
                ),
            )


def _seed_grants(seeded, today):
    schemes = {s.code: s for s in GrantScheme.objects.all()}
    existing = set(GrantApplication.objects.values_list("cluster_id", "title"))
    for spec, cluster, staff in seeded.values():
        for row in spec.grants:
            if (cluster.pk, row.title) in existing:
                continue
            grant_save(
                actor=staff,
                grant=GrantApplication(
                    cluster=cluster,
                    scheme=schemes[row.scheme],
                    title=row.title,
                    status=row.status,
                    submitted_on=_past_or_none(row.submitted_on, today),
                    decided_on=_past_or_none(row.decided_on, today),
                    amount_requested=row.amount_requested,
                    amount_granted=row.amount_granted,
                    assistance_hours=row.assistance_hours,
                    assistance_notes=row.assistance_notes,
                ),
            )


def _seed_partner_posts(seeded, firm_of, today):
    emails = {post.author for post in PARTNER_POSTS} | {
        interest.user for post in PARTNER_POSTS for interest in post.interests
    }
    users = {
        u.email: u
        for u in User.objects.filter(email__in=emails).select_related(
            "firm_membership__firm"
        )
    }
    sections = {s.code: s for s in NaceSection.objects.all()}
    topics = [post.topic for post in PARTNER_POSTS]
    posts = {
        (p.cluster_id, p.firm_id, p.topic): p
        for p in PartnerPost.objects.filter(topic__in=topics)
    }
    answered = set(
        PartnerInterest.objects.filter(post__topic__in=topics).values_list(
            "post_id", "user_id"
        )
    )
    for spec in PARTNER_POSTS:
        cluster = seeded[spec.cluster][1] if spec.cluster else None
        firm = firm_of[spec.firm] if spec.firm else None
        if (cluster is None and firm is None) or spec.author not in users:
            continue
        post = posts.get((cluster and cluster.pk, firm and firm.pk, spec.topic))
        if post is None:
            closes_in = spec.closes_in_days
            post = partner_post_create(
                actor=users[spec.author],
                post=PartnerPost(
                    kind=spec.kind,
                    topic=spec.topic,
                    description=spec.description,
                    expires_on=today + dt.timedelta(days=max(closes_in, 1)),
                    cluster=cluster,
                    firm=firm,
                ),
                sectors=[sections[code] for code in spec.sectors],
            )
            if closes_in < 1:
                # A post that closed before today: posted back then, as if.
                post.expires_on = today + dt.timedelta(days=closes_in)
                PartnerPost.objects.filter(pk=post.pk).update(
                    expires_on=post.expires_on
                )
        for email, message in spec.interests:
            user = users.get(email)
            if user is None or (post.pk, user.pk) in answered:
                continue
            membership = getattr(user, "firm_membership", None)
            # Not partner_interest_express: it e-mails the poster, and seeding
            # a demo sends no e-mail. (The demo's answers are to open posts,
            # from outside the poster's side, as that service requires.)
            interest = PartnerInterest(
                post=post,
                user=user,
                firm=membership.firm if membership else None,
                message=message,
            )
            interest.full_clean()
            interest.save()
