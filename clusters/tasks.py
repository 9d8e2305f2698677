"""Celery tasks of the clusters app: the partner-search e-mail.

The service enqueues it by name (kms.core.enqueue), so the task may import
the service.
"""

from smtplib import SMTPException

from celery import shared_task

from .models import PartnerInterest
from .services.partners import partner_interest_notify

MAIL_RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 60,
    "max_retries": 5,
}


@shared_task(name="clusters.send_partner_interest", ignore_result=True, **MAIL_RETRY)
def send_partner_interest(interest_id: int) -> bool:
    """Tell a post's author, while still on the post's side, that someone
    expressed interest in it.

    Nothing happens when the answer is gone (its post deleted). A redelivered
    task sends the e-mail again: nothing records that it went.
    """
    interest = (
        PartnerInterest.objects.select_related(
            "post__author", "post__cluster", "post__firm", "user", "firm"
        )
        .filter(pk=interest_id)
        .first()
    )
    if interest is None:
        return False
    return partner_interest_notify(interest=interest)
