"""Coding batches of articles, in this process or in N worker processes.

With `workers > 1`, each worker process loads its own full `detente.pipeline.Pipeline`
(spaCy model, actor component, coder) once and turns batches of `Article`s into
`Extraction`s, which are frozen dataclasses and pickle as they are. The store is written
only by the main process. This was chosen over spaCy's `nlp.pipe(n_process=N)`, which
ships every parsed Doc back to the parent: detente's actor component keeps Python objects
in `doc._.actor_mentions` that do not survive that, and sending Docs costs more than
sending the few records extracted from them.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from detente.config import Settings
from detente.types import Article, Extraction, Rejected

LOGGER = logging.getLogger(__name__)

Coded = list[Extraction | Rejected]

# The worker's pipeline, built once per worker process by `_init_worker`.
_WORKER_PIPELINE = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_PIPELINE
    from detente.pipeline import Pipeline

    _WORKER_PIPELINE = Pipeline(settings)


def _code_in_worker(batch: list[Article]) -> Coded:
    assert _WORKER_PIPELINE is not None, "worker pipeline not initialised"
    return list(_WORKER_PIPELINE.code(batch))


def _failed(batch: list[Article], problem: str) -> Coded:
    return [
        Rejected(origin=a.origin or a.id, problem=problem, payload=a.text[:500], stage="code")
        for a in batch
    ]


class Done:
    """A finished result with the `Future.result()` interface."""

    def __init__(self, value: Coded) -> None:
        self._value = value

    def result(self) -> Coded:
        return self._value


class LocalCoder:
    """Codes each batch at once, in this process."""

    def __init__(self, settings: Settings) -> None:
        from detente.pipeline import Pipeline

        self.pipeline = Pipeline(settings)
        self.workers = 1

    def submit(self, batch: list[Article]) -> Done:
        try:
            return Done(list(self.pipeline.code(batch)))
        except Exception as exc:  # the batch's parse failed as a whole
            LOGGER.exception("coding a batch of %d articles failed", len(batch))
            return Done(_failed(batch, f"coding failed: {type(exc).__name__}: {exc}"))

    def close(self) -> None:
        return None


class PoolCoder:
    """Codes batches in `workers` processes, each holding a full pipeline."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.workers = workers
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent holds an open DuckDB connection and its threads.
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.settings,),
        )

    def submit(self, batch: list[Article]) -> _Guarded:
        try:
            future = self._pool.submit(_code_in_worker, batch)
        except BrokenProcessPool:
            self._restart(self._pool)
            future = self._pool.submit(_code_in_worker, batch)
        pool = self._pool
        return _Guarded(future, batch, lambda: self._restart(pool))

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        if broken is not self._pool:  # another batch of the same pool restarted it
            return
        LOGGER.warning("a coding worker died; starting a new pool")
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _Guarded:
    """A worker's future whose failure becomes Rejected records for its batch."""

    def __init__(
        self, future: Future[Coded], batch: list[Article], on_broken: Callable[[], None]
    ) -> None:
        self._future = future
        self._batch = batch
        self._on_broken = on_broken

    def result(self) -> Coded:
        try:
            return self._future.result()
        except BrokenProcessPool:
            self._on_broken()
            return _failed(self._batch, "coding failed: the worker process died")
        except Exception as exc:
            LOGGER.exception("coding a batch of %d articles failed", len(self._batch))
            return _failed(self._batch, f"coding failed: {type(exc).__name__}: {exc}")


def make_coder(settings: Settings, workers: int) -> LocalCoder | PoolCoder:
    """In-process coding for one worker, a process pool for more."""
    return LocalCoder(settings) if workers <= 1 else PoolCoder(settings, workers)
