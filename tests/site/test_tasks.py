"""Celery: the tasks themselves, enqueueing, and a real worker."""

import datetime as dt

import pytest
from celery import Celery
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from kms.celery import app
from kms.core import enqueue as enqueue_module
from kms.core.enqueue import (
    QUEUE_UNAVAILABLE,
    TaskQueueUnavailable,
    enqueue,
    enqueue_on_commit,
)
from kms.site.tasks import HEARTBEAT_CACHE_KEY, clear_expired_sessions, heartbeat
from kms.site.views import _check_workers


def test_heartbeat_records_when_workers_last_ran():
    cache.delete(HEARTBEAT_CACHE_KEY)
    stamp = heartbeat.apply().get()
    assert cache.get(HEARTBEAT_CACHE_KEY) == stamp


@pytest.mark.django_db
def test_clear_expired_sessions_keeps_live_ones():
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now)
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + dt.timedelta(days=1)
    )
    assert clear_expired_sessions.apply().get() == 1
    assert clear_expired_sessions.apply().get() == 0
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


@pytest.fixture
def unreachable_broker_app():
    broken = Celery("broken", set_as_current=False)
    broken.config_from_object("django.conf:settings", namespace="CELERY")
    # Nothing listens on port 1: the broker is down.
    broken.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)

    @broken.task(name="tests.noop")
    def noop(value):
        return value

    yield noop
    broken.close()


def test_enqueue_fails_fast_with_a_clear_message_when_the_broker_is_down(
    unreachable_broker_app,
):
    with pytest.raises(TaskQueueUnavailable) as exc:
        enqueue(unreachable_broker_app, 7)
    assert str(exc.value) == str(QUEUE_UNAVAILABLE)


def test_enqueue_can_fall_back_to_running_inline(unreachable_broker_app):
    assert enqueue(unreachable_broker_app, 7, inline_fallback=True).get() == 7


def test_celery_settings_are_safe_for_real_workers():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
    assert set(app.conf.beat_schedule) >= {"heartbeat", "clear-expired-sessions"}


def test_a_real_worker_runs_the_heartbeat_through_the_broker(real_worker):
    cache.delete(HEARTBEAT_CACHE_KEY)
    result = heartbeat.apply_async(ignore_result=False)
    stamp = result.get(timeout=30)
    assert result.state == "SUCCESS"
    assert cache.get(HEARTBEAT_CACHE_KEY) == stamp
    assert _check_workers()  # what /healthz asks the workers


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_transaction(
    django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        enqueue_module,
        "enqueue",
        lambda task, *args, **kw: sent.append((task.name, args, kw)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(heartbeat, 1, x=2)
        assert sent == []  # nothing leaves before the commit
    assert sent == [("site.heartbeat", (1,), {"inline_fallback": True, "x": 2})]
