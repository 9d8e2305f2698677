"""Writes of the clusters app. Other apps import from here only."""

from .clusters import (
    candidate_scores_save,
    cluster_change_status,
    cluster_create,
    cluster_update,
    organisation_save,
)
from .participants import (
    membership_add,
    membership_update,
    participation_add,
    participation_update,
)
from .partners import (
    partner_interest_express,
    partner_interest_notify,
    partner_post_close,
    partner_post_create,
)
from .work import (
    activity_save,
    cooperation_save,
    evidence_add,
    evidence_delete,
    grant_save,
    plan_create,
)

__all__ = [
    "activity_save",
    "candidate_scores_save",
    "cluster_change_status",
    "cluster_create",
    "cluster_update",
    "cooperation_save",
    "evidence_add",
    "evidence_delete",
    "grant_save",
    "membership_add",
    "membership_update",
    "organisation_save",
    "participation_add",
    "participation_update",
    "partner_interest_express",
    "partner_interest_notify",
    "partner_post_close",
    "partner_post_create",
    "plan_create",
]
