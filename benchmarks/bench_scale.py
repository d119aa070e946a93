"""Scale benchmark: synthetic corpora of 10 k, 100 k (and 1 M) passages, fake embeddings.

Usage: python benchmarks/bench_scale.py [--sizes 10000,100000] [--million]
           [--corpora ../shared/corpora] [--work /tmp/minutes-bench-scale] [--seed 1]
           [--baseline GIT-REF] [--model fake:384] [--hnsw-above N] [--reuse-index]
           [--postgresql]

Each corpus is made of the paragraphs of the development corpora (real Swedish minutes),
recombined into many meetings of many organisations over many years, deterministically from
``--seed``, and kept in ``--work`` for the next run. Everything but the embedder is real.

For each size and each code tree (this one, and with ``--baseline`` the tree of a git ref,
exported to ``--work``), every measurement runs in a fresh Python process with that tree
first on its path:

- full build, no-op re-index, one changed file re-index (a paragraph appended to one
  meeting): seconds, and the bytes the build process wrote (``write()`` calls, and what
  reached the storage layer, from ``/proc/self/io``);
- a search process, as ``minutes serve`` runs it: the first query in the fresh process
  (imports, then opening the snapshot and answering), search p50/p95 for dense, lexical,
  hybrid and filtered (a year; one series) queries (the development questions, each as a
  new query), and its peak memory (the RSS high-water mark, ``ru_maxrss``);
- recall@10 of the dense ranking without filters against exact search of every vector
  (1.000 for flat indexes; ``--hnsw-above N`` builds a graph above N vectors to measure one).

With ``--baseline`` the two trees run one after the other on the same corpus in the same
run, and the table gives their ratio: the machine is shared, so only a ratio is a claim.
With ``--postgresql`` this tree is measured on the PostgreSQL store as well, up to 100,000
passages (a pgserver server started in ``--work``; the database's write-ahead log stands for
what it wrote); `make bench-scale` passes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scale_postgres import BenchDatabase  # beside this script

REPO = Path(__file__).resolve().parents[1]
GENERATOR_VERSION = 1  # bump when the corpora change: a new folder is generated
PASSAGES_PER_ORGANISATION = 3_300  # about 300 organisations at 1 M passages
FIRST_YEAR, LAST_YEAR = 2006, 2025
TARGET_CHARS = 7_000  # text of one meeting's minutes, about ten passages
CHARS_PER_PASSAGE = 360  # measured on the generated minutes (passages end at each agenda item)
ATTACHMENT_SHARE = 0.1
SEARCH_MODES = ("dense", "lexical", "hybrid")
# The PostgreSQL store is measured up to this size: a million passages would take the
# database's graph builds (one core each here) hours beside the folder store's.
POSTGRESQL_UP_TO = 100_000


# -- the synthetic corpus ------------------------------------------------------------------


def paragraphs(corpora: Path) -> list[str]:
    """The distinct paragraphs of the development corpora, as the readers extract them."""
    from indexer.documents import UnreadableDocument
    from indexer.readers import SUPPORTED_SUFFIXES, read_document

    found: dict[str, None] = {}
    for path in sorted(corpora.rglob("*")):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or not path.is_file():
            continue
        try:
            text = read_document(path).text
        except UnreadableDocument:
            continue
        for block in re.split(r"\n\s*\n", text):
            block = block.strip()
            if len(block) >= 40:
                found[block] = None
    return list(found)


def generate_corpus(folder: Path, passages: int, corpora: Path, seed: int) -> None:
    """Write meetings (one Markdown file each, some with an attachment) until they hold about
    ``passages`` passages: ``org-NNN/{styrelse,arsmote}/YEAR/DATE.md``."""
    rng = random.Random(seed)
    pool = paragraphs(corpora)
    organisations = max(3, round(passages / PASSAGES_PER_ORGANISATION))
    budget = passages * CHARS_PER_PASSAGE
    used: set[tuple[str, dt.date]] = set()
    tmp = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    written = 0
    while written < budget:
        org = rng.randrange(organisations)
        series = "arsmote" if rng.random() < 0.08 else "styrelse"
        day = _free_day(rng, f"{org}/{series}", used)
        base = tmp / f"org-{org:03d}" / series / str(day.year)
        base.mkdir(parents=True, exist_ok=True)
        title = ("Årsmöte" if series == "arsmote" else "Styrelsemöte") + f" avdelning {org}"
        text = _meeting_text(rng, pool, title, day, TARGET_CHARS)
        (base / f"{day.isoformat()}.md").write_text(text, encoding="utf-8")
        written += len(text)
        if rng.random() < ATTACHMENT_SHARE:
            attachment = _meeting_text(rng, pool, f"Bilaga till {title}", day, TARGET_CHARS // 2)
            (base / f"{day.isoformat()} bilaga.md").write_text(attachment, encoding="utf-8")
            written += len(attachment)
    tmp.rename(folder)


def _free_day(rng: random.Random, series: str, used: set[tuple[str, dt.date]]) -> dt.date:
    first = dt.date(FIRST_YEAR, 1, 1).toordinal()
    last = dt.date(LAST_YEAR, 12, 31).toordinal()
    while True:
        day = dt.date.fromordinal(rng.randint(first, last))
        if (series, day) not in used:
            used.add((series, day))
            return day


def _meeting_text(rng: random.Random, pool: list[str], title: str, day: dt.date, chars: int) -> str:
    lines = [f"# {title}", "", f"Datum: {day.isoformat()}", ""]
    size, item = 0, 0
    while size < chars:
        item += 1
        body = [rng.choice(pool) for _ in range(rng.randint(1, 4))]
        heading = " ".join(body[0].lstrip("#").split()[:5]).strip(" .,:;")
        lines += [f"## § {item} {heading}", "", *(p + "\n" for p in body)]
        size += sum(len(p) for p in body)
    return "\n".join(lines)


def corpus_for(work: Path, passages: int, corpora: Path, seed: int) -> Path:
    folder = work / f"corpus-{passages}-seed{seed}-v{GENERATOR_VERSION}"
    if not folder.is_dir():
        started = time.perf_counter()
        generate_corpus(folder, passages, corpora, seed)
        print(f"generated {folder} in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def changed_file(corpus: Path) -> Path:
    """The meeting whose minutes the one-file re-index changes: the middle one by path."""
    files = sorted(corpus.rglob("*.md"))
    return files[len(files) // 2]


# -- the code trees ------------------------------------------------------------------------


def baseline_tree(work: Path, ref: str) -> Path:
    """The files of git ``ref`` exported to ``work`` (once per commit)."""
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", f"{ref}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    folder = work / f"tree-{commit[:12]}"
    if not folder.is_dir():
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", commit], check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
    return folder


def run_child(tree: Path, *args: str) -> dict:
    """Run this script's ``child`` command with ``tree`` first on the path; its JSON result."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, __file__, "child", *args],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed in {tree}:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Target:
    """What is measured: a code tree, its index folder and (None: the folder) its store."""

    tree: Path
    index: Path
    store: str = ""


def measure_tree(
    target: Target,
    corpus: Path,
    model: str,
    questions: Path,
    hnsw_above: str,
    reuse: bool = False,
    database: BenchDatabase | None = None,
) -> dict:
    """Every measurement of one target on one corpus (a fresh index, unless ``reuse`` keeps
    the one of an earlier run, brought up to date first, unmeasured)."""
    tree, index = target.tree, target.index
    build = ("build", str(corpus), str(index), model, hnsw_above, target.store)

    def built() -> dict:
        wal = database.wal_bytes() if database else 0
        found = run_child(tree, *build)
        return {**found, "wal": database.wal_bytes() - wal if database else 0}

    reusing = reuse and ((index / "CURRENT").is_file() or bool(target.store))
    if not reusing:
        shutil.rmtree(index, ignore_errors=True)
    results = {"full": {**built(), "reused": reusing}}
    results["noop"] = built()
    target_file = changed_file(corpus)
    original, state = target_file.read_bytes(), target_file.stat()
    try:
        with open(target_file, "a", encoding="utf-8") as handle:
            handle.write("\n## Övrigt\n\nStyrelsen beslutade att köpa en ny kaffebryggare.\n")
        results["one_file"] = built()
    finally:
        target_file.write_bytes(original)
        os.utime(target_file, ns=(state.st_atime_ns, state.st_mtime_ns))
    reading = (str(index), str(questions), target.store)
    results["serve"] = run_child(tree, "serve", *reading)
    results["recall"] = run_child(tree, "recall", *reading)
    if database and target.store:
        results["serve"]["stored_bytes"] = database.size(target.store)
    if not reuse:
        shutil.rmtree(index, ignore_errors=True)
    return results


# -- what a child process measures -----------------------------------------------------------


def io_counters() -> dict[str, int]:
    """This process's (and its reaped children's) I/O counters from /proc/self/io."""
    with open("/proc/self/io", encoding="ascii") as handle:
        return {key: int(value) for key, value in (line.split(":") for line in handle)}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _store(store: str) -> dict[str, str]:
    """The store option of a child's build or reader: none for the index folder (older trees
    know no store)."""
    return {"store": store} if store else {}


def child_build(corpus: str, index: str, model: str, hnsw_above: str, store: str) -> dict:
    from indexer.build import IndexBuild

    limit = {"exact_search_limit": int(hnsw_above)} if hnsw_above else {}
    before = io_counters()
    started = time.perf_counter()
    summary = IndexBuild(Path(corpus), Path(index), model=model, **_store(store), **limit).run()
    seconds = time.perf_counter() - started
    after = io_counters()
    return {
        "seconds": seconds,
        "chunks": summary.chunks,
        "published": summary.published,
        "documents": sum(vars(summary.documents).values()),
        "wchar": after["wchar"] - before["wchar"],
        "write_bytes": after["write_bytes"] - before["write_bytes"],
        "peak_rss_mb": peak_rss_mb(),
    }


def _questions(path: str) -> list[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def child_serve(index: str, questions_file: str, store: str) -> dict:
    started = time.perf_counter()
    from search.results import Filters
    from search.service import MinutesService
    from search.settings import Settings

    imported = time.perf_counter()
    questions = _questions(questions_file)
    service = MinutesService(Settings(index=Path(index), **_store(store)))
    service.search(questions[0])
    first = time.perf_counter()
    year = Filters(date_from=dt.date(2015, 1, 1), date_to=dt.date(2015, 12, 31))
    runs = {mode: (mode, Filters()) for mode in SEARCH_MODES}
    runs["filtered by year"] = ("hybrid", year)
    runs["filtered by series"] = ("hybrid", Filters(series=_some_series(service)))
    timings = {}
    for label, (mode, filters) in runs.items():
        samples = []
        for question in questions:
            service.retriever.forget_queries()
            begun = time.perf_counter()
            service.search(question, mode=mode, filters=filters)
            samples.append(time.perf_counter() - begun)
        timings[label] = samples
    return {
        "imports": imported - started,
        "first_query": first - imported,
        "timings": timings,
        "peak_rss_mb": peak_rss_mb(),
    }


def _some_series(service) -> str:
    """A series of the index (the first by name): a filter of about one organisation."""
    return sorted(service.series())[0]


def child_recall(index: str, questions_file: str, store: str) -> dict:
    """Recall@10 of the dense ranking (no filter, no hints) against exact search."""
    import numpy as np

    from search.rankers import dense_ranker
    from search.snapshot import IndexReader

    reader = IndexReader(Path(index), **_store(store))
    snapshot = reader.snapshot()
    embedder = reader.embedder(snapshot)
    live = getattr(snapshot, "live", None)  # the rows of dead meetings are left out
    exact = _exact_search(snapshot)
    recalls = []
    for question in _questions(questions_file):
        vector = np.asarray(embedder.embed_query(question), dtype=np.float32)
        found = set(dense_ranker(snapshot.vectors, vector)(live, 10).rows.tolist())
        truth = exact(vector, 10, live)
        recalls.append(len(found & set(truth)) / max(1, len(truth)))
    return {"recall": statistics.mean(recalls), "index": _index_kind(snapshot)}


def _exact_search(snapshot):
    """Exact top-k of a query vector over every live passage vector of the snapshot."""
    import numpy as np

    if hasattr(snapshot.vectors, "exact_rows"):  # segmented snapshots
        return snapshot.vectors.exact_rows
    index = snapshot.vectors.exact

    def search(vector, k, mask):
        _, rows = index.search(np.ascontiguousarray(vector.reshape(1, -1)), k)
        return [int(r) for r in rows[0] if r >= 0]

    return search


def _index_kind(snapshot) -> str:
    """The kind of vector index, per segment."""
    if hasattr(snapshot.manifest, "segments"):
        return "+".join(segment.vector_index for segment in snapshot.manifest.segments)
    return str(snapshot.manifest.vector_index)


def child(argv: list[str]) -> None:
    commands = {"build": child_build, "serve": child_serve, "recall": child_recall}
    print(json.dumps(commands[argv[0]](*argv[1:])))


# -- the report ----------------------------------------------------------------------------


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _mb(count: float) -> str:
    return f"{count / 1e6:.1f} MB"


def rows_of(results: dict) -> list[tuple[str, str, float]]:
    """(label, shown value, value for the ratio) of every figure of one tree."""
    full, noop, one = results["full"], results["noop"], results["one_file"]
    serve = results["serve"]
    built = "(index reused)" if full.get("reused") else f"{full['seconds']:.1f} s"
    rows = [
        ("full build", built, full["seconds"]),
        ("  written (write calls)", _mb(full["wchar"]), full["wchar"]),
        ("  written (database WAL)", _mb(full.get("wal", 0)), full.get("wal", 0)),
        ("one changed file", f"{one['seconds']:.2f} s", one["seconds"]),
        ("  written (write calls)", _mb(one["wchar"]), one["wchar"]),
        ("  written (to storage)", _mb(one["write_bytes"]), one["write_bytes"]),
        ("  written (database WAL)", _mb(one.get("wal", 0)), one.get("wal", 0)),
        ("no-op re-index", f"{noop['seconds']:.2f} s", noop["seconds"]),
        ("  written (write calls)", _mb(noop["wchar"]), noop["wchar"]),
        ("cold open: imports", f"{serve['imports']:.2f} s", serve["imports"]),
        ("cold open: open + first query", f"{serve['first_query']:.2f} s", serve["first_query"]),
        ("peak memory (search process)", f"{serve['peak_rss_mb']:.0f} MB", serve["peak_rss_mb"]),
        ("peak memory (full build)", f"{full['peak_rss_mb']:.0f} MB", full["peak_rss_mb"]),
    ]
    for label, samples in serve["timings"].items():
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        rows.append((f"search {label} p50 / p95", f"{p50 * 1e3:.1f} / {p95 * 1e3:.1f} ms", p50))
    recall = results["recall"]
    rows.append((f"recall@10 ({recall['index']})", f"{recall['recall']:.3f}", recall["recall"]))
    return rows


def report(passages: int, measured: dict[str, dict]) -> None:
    labels = list(measured)
    first = measured[labels[0]]
    print(
        f"\n== {passages:,} passages wanted: {first['full']['chunks']:,} indexed, "
        f"{first['full']['documents']:,} documents =="
    )
    tables = {label: rows_of(results) for label, results in measured.items()}
    header = f"{'':36}" + "".join(f"{label:>24}" for label in labels)
    ratio = len(labels) == 2  # the second column's figure over the first's
    if ratio:
        header += f"{'2nd / 1st':>12}"
    print(header)
    for i, (name, _, _) in enumerate(tables[labels[0]]):
        line = f"{name:36}" + "".join(f"{tables[label][i][1]:>24}" for label in labels)
        if ratio:
            mine, theirs = tables[labels[0]][i][2], tables[labels[1]][i][2]
            line += f"{theirs / mine:>11.1f}×" if mine else f"{'':>12}"
        print(line)


def targets(
    args: argparse.Namespace,
    trees: dict[str, Path],
    passages: int,
    database: BenchDatabase | None,
) -> dict[str, Target]:
    """What to measure at one size: each tree on the index folder, and this tree on the
    PostgreSQL store when there is a database (each index kept apart with --reuse-index)."""
    found = {}
    for label, tree in trees.items():
        kept = f"-{tree.name}" if args.reuse_index else ""
        found[label] = Target(tree, args.work / f"index-{passages}{kept}")
    if database is not None and passages <= POSTGRESQL_UP_TO:
        store = database.database(f"bench_{passages}", fresh=not args.reuse_index)
        cache = args.work / f"cache-{passages}-postgresql"
        found["this tree, PostgreSQL"] = Target(REPO, cache, store)
    return found


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--million", action="store_true", help="add 1,000,000 (long)")
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--work", type=Path, default=Path("/tmp/minutes-bench-scale"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", help="a git ref to measure side by side")
    parser.add_argument("--model", default="fake:384")
    parser.add_argument(
        "--hnsw-above", type=int, help="vectors above which a graph is built (to measure it)"
    )
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="measure the PostgreSQL store too (a pgserver server in --work; the test extra)",
    )
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="keep each index for the next run, and reuse the one an earlier run kept "
        "(its full build is not measured again)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if args.million:
        sizes.append(1_000_000)
    args.work.mkdir(parents=True, exist_ok=True)
    trees = {"this tree": REPO}
    if args.baseline:
        trees[f"baseline {args.baseline}"] = baseline_tree(args.work, args.baseline)
    questions = args.work / "questions.jsonl"
    questions.write_text(
        "".join(
            (args.corpora / name).read_text(encoding="utf-8")
            for name in ("dev-questions.jsonl", "dev-questions-2.jsonl")
        ),
        encoding="utf-8",
    )
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    database = None
    if args.postgresql:
        from scale_postgres import BenchDatabase  # beside this script

        database = BenchDatabase(args.work)
    for passages in sizes:
        corpus = corpus_for(args.work, passages, args.corpora, args.seed)
        measured = {}
        for label, target in targets(args, trees, passages, database).items():
            started = time.perf_counter()
            measured[label] = measure_tree(
                target,
                corpus,
                args.model,
                questions,
                str(args.hnsw_above or ""),
                args.reuse_index,
                database if target.store else None,
            )
            print(f"{label}: measured in {time.perf_counter() - started:.0f} s", flush=True)
        report(passages, measured)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
