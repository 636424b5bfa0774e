"""Where jobs run: in this process, or on Dramatiq workers over Redis or RabbitMQ.

- **Embedded default** (``TRUCELINE_BROKER_URL`` unset): the ``jobs`` table is the queue. A
  :class:`LocalRunner` thread in the app server (or ``truceline worker`` in a terminal) takes the
  oldest queued job with a conditional update and runs it.
- **Redis or RabbitMQ** (``redis://…``, ``amqp://…``): creating a job sends its id to Dramatiq;
  any number of ``truceline worker`` processes, on any machines sharing the one PostgreSQL store,
  run them. Dramatiq acknowledges a message only after the job ran, so the message of a worker
  killed mid-job is delivered again (RabbitMQ at once, when the connection drops; Redis when a
  live worker finds the dead one's heartbeat older than ``TRUCELINE_BROKER_HEARTBEAT_SECONDS``)
  and :func:`truceline.jobs.services.run_job` runs it again; the kinds are idempotent.

Dramatiq rather than Celery: it acknowledges late by default, both brokers are first-class with
the same small API (an actor and a message), and its worker is one class we can start from our
own command. Dramatiq is imported only where a broker is configured.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from truceline.config import Settings
from truceline.db import transaction
from truceline.errors import TrucelineError
from truceline.jobs.services import JobKind, claim_next, create_job, finish_job, run_job
from truceline.jobs.tasks import KINDS

if TYPE_CHECKING:
    import dramatiq

log = logging.getLogger("truceline.jobs")

ACTOR_NAME = "truceline_job"
#: a job may run this long on a worker (an import of millions of rows takes a while)
TIME_LIMIT_MS = 24 * 3600 * 1000
#: a lost database connection is retried this many times (with Dramatiq's backoff)
MAX_RETRIES = 5


class BrokerUnavailable(TrucelineError):
    """The configured broker cannot be reached; the job is marked failed."""

    exit_code = 1
    http_status = 503
    code = "service_unavailable"


def enqueue(
    engine: Engine,
    settings: Settings,
    *,
    kind: str,
    arguments: Mapping[str, Any],
    requested_by: str,
    conflict_id: str | None = None,
    kinds: Mapping[str, JobKind] = KINDS,
) -> int:
    """Create a job (committed) and hand it to the queue; returns its id."""
    with transaction(engine) as session:
        job_id = create_job(
            session, kind=kind, arguments=arguments, requested_by=requested_by, conflict_id=conflict_id, kinds=kinds
        ).id
    dispatch(engine, settings, job_id)
    return job_id


def dispatch(engine: Engine, settings: Settings, job_id: int) -> None:
    """Hand a job, once its row is committed, to whatever runs jobs: the broker, or the runner
    threads of this process (others find it at their next poll). A broker that cannot be reached
    fails the job with the reason and raises :class:`BrokerUnavailable`."""
    if settings.broker_url:
        try:
            job_actor(settings, engine).send(job_id)
        except Exception as exc:  # any broker client error: the job will not run
            reason = f"the broker at {settings.broker_url} cannot be reached: {exc.__class__.__name__}: {exc}"
            finish_job(engine, job_id, "failed", error=reason)
            raise BrokerUnavailable(reason) from None
    else:
        for runner in LocalRunner.running:
            runner.wake()


class LocalRunner:
    """Runs the store's queued jobs one after another in a thread of this process."""

    #: the runners started in this process, woken when this process queues a job
    running: set[LocalRunner] = set()  # noqa: RUF012

    def __init__(self, engine: Engine, kinds: Mapping[str, JobKind] = KINDS, *, poll_seconds: float = 2.0) -> None:
        self.engine = engine
        self.kinds = kinds
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_pending(self) -> int:
        """Run queued jobs until none is left; returns how many ran."""
        ran = 0
        while not self._stop.is_set():
            job_id = claim_next(self.engine)
            if job_id is None:
                return ran
            run_job(self.engine, job_id, self.kinds, claimed=True)
            ran += 1
        return ran

    def wake(self) -> None:
        self._wake.set()

    def serve(self) -> None:
        """Poll until :meth:`stop`."""
        while not self._stop.is_set():
            try:
                self.run_pending()
            except Exception:  # the store was unreachable: try again at the next poll
                log.exception("the job runner could not read the queue")
            self._wake.wait(self.poll_seconds)
            self._wake.clear()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve, name="truceline-jobs", daemon=True)
        LocalRunner.running.add(self)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        LocalRunner.running.discard(self)
        if self._thread is not None:
            self._thread.join(timeout)


# -- Dramatiq -------------------------------------------------------------------------------------

_actors: dict[tuple[str, str], dramatiq.Actor[[int], None]] = {}
_lock = threading.Lock()


def make_broker(settings: Settings) -> dramatiq.Broker:
    url = settings.broker_url or ""
    if url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(  # type: ignore[no-untyped-call]
            url=url,
            heartbeat_timeout=int(settings.broker_heartbeat_seconds * 1000),
            maintenance_chance=settings.broker_maintenance_chance,
        )
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url)
    raise TrucelineError(f"not a broker URL: {url!r} (redis://… or amqp://…)")


def job_actor(settings: Settings, engine: Engine) -> dramatiq.Actor[[int], None]:
    """The Dramatiq actor that runs a job by id on ``engine`` (one per broker URL and queue)."""
    import dramatiq

    key = (settings.broker_url or "", settings.broker_queue)
    with _lock:
        actor = _actors.get(key)
        if actor is None:
            broker = make_broker(settings)
            dramatiq.set_broker(broker)

            def perform(job_id: int) -> None:
                run_job(engine, job_id, KINDS)

            actor = _actors[key] = dramatiq.actor(
                actor_name=ACTOR_NAME,
                queue_name=settings.broker_queue,
                broker=broker,
                max_retries=MAX_RETRIES,
                time_limit=TIME_LIMIT_MS,
            )(perform)
    return actor


def run_dramatiq_worker(settings: Settings, engine: Engine, *, threads: int, stop: threading.Event) -> None:
    """Consume the queue until ``stop`` is set; messages are acknowledged after their job ran."""
    import dramatiq

    actor = job_actor(settings, engine)
    worker = dramatiq.Worker(actor.broker, queues={settings.broker_queue}, worker_threads=threads)
    worker.start()
    try:
        stop.wait()
    finally:
        worker.stop()
        actor.broker.close()
