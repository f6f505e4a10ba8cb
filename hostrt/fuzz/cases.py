"""Hostile cases for a campaign, drawn ahead of sending and reproducible from (seed, index).

Case `i` of a campaign with seed `S` is case `i % CHUNK` of chunk `i // CHUNK`; a chunk is one
Hypothesis run (generate phase only) of `hostile_bodies()` seeded from (S, chunk number). Chunks
do not depend on each other, so:
- worker processes draw the next chunks while the cases before them are being answered (the
  sender never waits on Hypothesis, and Hypothesis does not share the sender's GIL);
- any case can be drawn again alone: `case_at(S, i)`, or `hostrt fuzz admission MODULE --seed S
  --from i --cases 1` — the case files a campaign keeps are named by their index.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from hostrt.errors import HostError
from hostrt.fuzz.kinds import DEFAULT_MIX, KINDS
from hostrt.fuzz.reviews import Case

CHUNK = 200  # cases per Hypothesis run: small enough to redraw one case fast

Mix = tuple[tuple[str, int], ...]


def chunk_seed(seed: int, chunk: int) -> int:
    """The Hypothesis seed of one chunk (stable across Python runs, unlike `hash`)."""
    digest = hashlib.sha256(f"hostrt-fuzz-admission:{seed}:{chunk}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def weighted_kinds(kinds: tuple[str, ...] = KINDS, mix: Mix = DEFAULT_MIX) -> tuple[str, ...]:
    """The kinds to draw from, each repeated by its weight in `mix` (unweighted kinds once)."""
    weighted = tuple(k for k, w in mix if k in kinds for _ in range(w))
    return weighted + tuple(k for k in kinds if k not in weighted) if weighted else kinds


def draw_chunk(seed: int, chunk: int, kinds: tuple[str, ...] = KINDS,
               mix: Mix = DEFAULT_MIX) -> list[Case]:
    """The CHUNK cases of chunk number `chunk` (the same list for the same arguments)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    from hostrt.fuzz.reviews import hostile_bodies

    out: list[Case] = []

    @hseed(chunk_seed(seed, chunk))
    @settings(max_examples=CHUNK, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(hostile_bodies(weighted_kinds(kinds, mix)))
    def produce(case: Case) -> None:
        out.append(case)

    with _no_local_constants():
        produce()
    if len(out) < CHUNK:
        raise HostError(f"Hypothesis drew {len(out)} cases for chunk {chunk}, not {CHUNK}")
    return out[:CHUNK]


@contextlib.contextmanager
def _no_local_constants() -> Iterator[None]:
    """Hypothesis (6.1xx) mixes into its draws constants it finds in the source of every
    "local" module (not under site-packages) loaded in the process, and that set grows as
    modules load: the same seed drew other cases in another process, or later in the same one
    (a case of a 100,000-case campaign could not be drawn again). Draw without them. This is
    Hypothesis's private API; without it (another version) nothing is changed, and
    tests/test_fuzz_admission.py shows whether cases still repeat."""
    try:
        from hypothesis.internal.conjecture import providers
        get, cache, empty = (providers._get_local_constants, providers.CONSTANTS_CACHE,
                             type(providers._local_constants)())
    except (ImportError, AttributeError, TypeError):
        yield
        return
    cache.cache.clear()  # (global, local) constants per choice type, filled with the local ones
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = get
        cache.cache.clear()


def case_at(seed: int, index: int, kinds: tuple[str, ...] = KINDS,
            mix: Mix = DEFAULT_MIX) -> Case:
    """Case number `index` of the campaign with this seed, drawn alone."""
    return draw_chunk(seed, index // CHUNK, kinds, mix)[index % CHUNK]


def generate(count: int, seed: int, kinds: tuple[str, ...] = KINDS, mix: Mix = DEFAULT_MIX, *,
             start: int = 0, workers: int = 0) -> Iterator[Case]:
    """Cases `start` .. `start + count - 1` of the campaign with this seed, in order.

    `workers` > 0 draws the chunks in that many worker processes, up to two chunks per worker
    ahead of the consumer (a few MB each); 0 draws them here, one at a time.
    """
    if count <= 0:
        return
    chunks = range(start // CHUNK, (start + count - 1) // CHUNK + 1)
    index = chunks[0] * CHUNK
    end = start + count
    for cases in _chunks(chunks, seed, kinds, mix, workers):
        for case in cases:
            if start <= index < end:
                yield case
            index += 1


def _chunks(chunks: range, seed: int, kinds: tuple[str, ...], mix: Mix,
            workers: int) -> Iterator[list[Case]]:
    if workers <= 0:
        for chunk in chunks:
            yield draw_chunk(seed, chunk, kinds, mix)
        return
    # spawn, not fork: the sender may already run threads (asyncio, TLS) a fork would copy.
    pool = ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"))
    todo = iter(chunks)
    ahead: deque[Future[list[Case]]] = deque()
    try:
        for chunk in todo:
            ahead.append(pool.submit(draw_chunk, seed, chunk, kinds, mix))
            if len(ahead) >= 2 * workers:
                break
        while ahead:
            cases = ahead.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                ahead.append(pool.submit(draw_chunk, seed, nxt, kinds, mix))
            yield cases
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
