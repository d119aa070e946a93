"""Reading files in worker processes, each file bounded in wall time and in memory.

A file that takes longer than the time limit, or more memory than the memory limit, fails
with that reason and the build goes on: its worker is stopped and a fresh one takes its
place. A reader that crashes (a bug in a C library) fails its file the same way. The workers
also let reading use every core.

The workers are forked from the build (sharing its memory until they write to it), so each
starts at once; a worker reads nothing but files, and its memory limit counts from what it
had when it started.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from types import TracebackType
from typing import Any

from indexer.documents import ExtractedDocument, UnreadableDocument
from indexer.file_hash import file_sha256
from indexer.readers import read_document
from indexer.readers.limits import ReadLimits, human_size
from indexer.store.verify import first_line

DISAPPEARED = "file disappeared before it could be read"
_READY = "ready"
_MARGIN = 64_000_000  # a read that failed this close to the memory limit ran out of memory


@dataclass(frozen=True)
class WorkerLimits:
    """How long reading one file may take (seconds, wall time) and how much memory it may
    take beyond what a worker needs to start (bytes)."""

    seconds: float = 60.0
    memory_bytes: int = 1_000_000_000


@dataclass(frozen=True)
class ReadOutcome:
    """One file read: its document and the SHA-256 of its bytes, or why it failed."""

    document: ExtractedDocument | None = None
    sha256: str | None = None
    reason: str | None = None


def read_file(path: Path, limits: ReadLimits, memory_bytes: int) -> ReadOutcome:
    """Read ``path`` (in a worker): every failure, a reader's bug too, becomes a reason."""
    try:
        document = read_document(path, limits)
        return ReadOutcome(document, file_sha256(path))
    except UnreadableDocument as error:
        return ReadOutcome(reason=error.reason)
    except FileNotFoundError:
        return ReadOutcome(reason=DISAPPEARED)
    except OSError as error:
        return ReadOutcome(reason=f"unreadable ({error.strerror or error})")
    except MemoryError:
        return ReadOutcome(reason=_memory_reason(memory_bytes))
    except Exception as error:  # a reader's bug must not end the build
        name = type(error).__name__
        return ReadOutcome(reason=f"could not be read ({name}: {first_line(error)})")


def _memory_reason(memory_bytes: int) -> str:
    return f"needs more than {human_size(memory_bytes)} of memory to read"


def _serve(connection: Connection, limits: ReadLimits, memory_bytes: int) -> None:
    """A worker: read each path sent until None comes (or the connection closes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    ceiling = _limit_memory(memory_bytes)
    near_limit = max(ceiling - _MARGIN, _peak_address_space())  # a fork inherits a peak
    connection.send(_READY)
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        key, path = job
        outcome = read_file(Path(path), limits, memory_bytes)
        # C libraries (lxml) word a failed allocation as a parse error: a read that failed
        # near the limit ran out of memory, and a fresh worker reads the next file
        retiring = outcome.reason is not None and _peak_address_space() > near_limit
        if retiring:
            outcome = ReadOutcome(reason=_memory_reason(memory_bytes))
        try:
            connection.send((key, outcome, retiring))
        except MemoryError:  # the document is too large to hand over within the limit
            retiring = True
            connection.send((key, ReadOutcome(reason=_memory_reason(memory_bytes)), retiring))
        if retiring:
            return


def _limit_memory(memory_bytes: int) -> int:
    """Let this process's address space grow by at most ``memory_bytes`` from now; returns the
    limit in bytes."""
    limit = _address_space("VmSize") + memory_bytes
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return limit


def _peak_address_space() -> int:
    return _address_space("VmPeak")


def _address_space(field: str) -> int:
    """This process's address space (VmSize) or its peak so far (VmPeak) in bytes (Linux);
    0 where it cannot be told."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class _Worker:
    """One worker process, the job it reads and when that job's time is up."""

    def __init__(self, context: Any, limits: ReadLimits, memory_bytes: int):
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, limits, memory_bytes), daemon=True
        )
        self.process.start()
        child.close()
        if self.connection.recv() != _READY:  # the clock starts once it can read
            raise RuntimeError("a reading worker did not start")
        self.key: Any = None
        self.deadline = 0.0

    def give(self, key: Any, path: Path, seconds: float) -> None:
        self.connection.send((key, str(path)))
        self.key, self.deadline = key, time.monotonic() + seconds

    def stop(self) -> None:
        """Kill the process (it may be stuck in a reader) and wait for it."""
        self.process.kill()
        self.process.join()
        self.connection.close()


class ReadingPool:
    """Reads files in worker processes within ``limits`` and ``worker_limits``."""

    def __init__(self, limits: ReadLimits, worker_limits: WorkerLimits, workers: int | None = None):
        self.limits, self.worker_limits = limits, worker_limits
        self.size = workers or len(os.sched_getaffinity(0))
        self._context = multiprocessing.get_context("fork")
        self._idle: list[_Worker] = []

    def read(self, jobs: Iterable[tuple[Any, Path]]) -> Iterator[tuple[Any, ReadOutcome]]:
        """Each job's key and outcome, in the order the files finish."""
        pending = deque(jobs)
        busy: list[_Worker] = []
        try:
            while pending or busy:
                while pending and len(busy) < self.size:
                    key, path = pending.popleft()
                    worker = self._worker()
                    worker.give(key, path, self.worker_limits.seconds)
                    busy.append(worker)
                for worker, outcome in self._finished(busy):
                    busy.remove(worker)
                    yield worker.key, outcome
        finally:  # stopped early (an error, Ctrl-C): no worker is left reading
            for worker in busy:
                worker.stop()

    def _worker(self) -> _Worker:
        if self._idle:
            return self._idle.pop()
        return _Worker(self._context, self.limits, self.worker_limits.memory_bytes)

    def _finished(self, busy: list[_Worker]) -> list[tuple[_Worker, ReadOutcome]]:
        """Wait until some worker has an outcome (a result, a crash or its time up)."""
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = set(wait([w.connection for w in busy], timeout=timeout))
        found = []
        for worker in busy:
            if worker.connection in ready:
                found.append((worker, self._result(worker)))
            elif time.monotonic() >= worker.deadline:
                worker.stop()
                seconds = f"{self.worker_limits.seconds:g}"
                found.append((worker, ReadOutcome(reason=f"took longer than {seconds} s to read")))
        return found

    def _result(self, worker: _Worker) -> ReadOutcome:
        """The worker's outcome; a worker that died without one is stopped and named."""
        try:
            _key, outcome, retiring = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join()
            worker.stop()
            return ReadOutcome(reason=_crash_reason(worker.process.exitcode))
        if retiring:
            worker.stop()
        else:
            self._idle.append(worker)
        return outcome

    def close(self) -> None:
        for worker in self._idle:
            worker.stop()
        self._idle.clear()

    def __enter__(self) -> ReadingPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _crash_reason(exit_code: int | None) -> str:
    """Why a worker ended while reading: a signal (a crash, or killed for memory) or a status."""
    if exit_code is not None and exit_code < 0:
        name = signal.Signals(-exit_code).name
        if name == "SIGKILL":
            return "the reader was killed while reading it (SIGKILL: out of memory?)"
        return f"the reader crashed while reading it ({name})"
    return f"the reader stopped while reading it (exit status {exit_code})"
