"""The one way the portal enqueues work.

Services enqueue with `enqueue_on_commit` (or `enqueue` outside a
transaction) rather than calling `delay()`/`delay_on_commit()` directly:
only these bound the wait on a broker that is down and fall back cleanly.

A service names the task it enqueues ("knowledge.send_review_decision")
rather than importing it: the task calls the service, so an import each way
would be a cycle. Every app's tasks are registered when the site starts
(kms.site's AppConfig.ready), so a name always finds its task.
"""

import logging

from celery import Task, current_app
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = _(
    "The background task service is unavailable right now. "
    "Nothing was changed; please try again in a few minutes."
)


class TaskQueueUnavailable(Exception):
    """The broker refused or timed out; the task was not enqueued."""

    def __init__(self):
        super().__init__(str(QUEUE_UNAVAILABLE))


def _task(task: Task | str) -> Task:
    return current_app.tasks[task] if isinstance(task, str) else task


def enqueue(task: Task | str, *args, inline_fallback: bool = False, **kwargs):
    """Send `task` to the broker, failing fast when the broker is down.

    The broker timeouts in settings bound the wait to a few seconds. Then the
    task runs inline when `inline_fallback` (short, must-happen work such as
    an e-mail), otherwise TaskQueueUnavailable tells the caller to answer the
    user with QUEUE_UNAVAILABLE. `task` is a task or its registered name.
    """
    task = _task(task)
    try:
        return task.apply_async(args=args, kwargs=kwargs, retry=True)
    except OperationalError:
        logger.warning("task_enqueue_failed task=%s", task.name)
        if inline_fallback:
            return task.apply(args=args, kwargs=kwargs)
        raise TaskQueueUnavailable from None


def enqueue_on_commit(task: Task | str, *args, **kwargs) -> None:
    """Enqueue after the current transaction commits (inline fallback on)."""
    transaction.on_commit(
        lambda: enqueue(task, *args, inline_fallback=True, **kwargs), robust=True
    )
