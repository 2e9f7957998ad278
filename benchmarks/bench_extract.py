"""Extraction speed and memory, end to end, on one core.

Builds a corpus by repeating the seed articles' paragraphs (default about 2 MB of text), then
runs what `kg extract --format json` runs — read, decode, normalise, spaCy pipeline, JSON out
(to /dev/null) — and reports characters per second and peak memory. With ``--big`` it also
writes a 50 MB file and extracts it, to show memory stays bounded.

    .venv/bin/python benchmarks/bench_extract.py [--mb 2] [--big] [--no-candidates]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.pipeline import Extractor  # noqa: E402
from kg.extract.reader import read_paragraphs, sniff  # noqa: E402
from kg.extract.review import Review  # noqa: E402
from kg.extract.run import Target, json_document  # noqa: E402
from kg.load import load_curation  # noqa: E402


def corpus(megabytes: float) -> str:
    paragraphs = [
        line
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
    ]
    text = "\n".join(paragraphs) + "\n"
    return text * max(1, int(megabytes * 1024 * 1024 / len(text.encode())))


def run(extractor: Extractor, path: Path) -> tuple[int, float, float]:
    sniffed = sniff(path)
    target = Target(path, path.name, None, sniffed)
    started, cpu = time.perf_counter(), time.process_time()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for piece in json_document(extractor, target):
            sink.write(piece)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    chars = sum(len(p.raw) for p in read_paragraphs(path, sniffed))
    return chars, elapsed, cpu


def review(extractor: Extractor, path: Path, records: dict) -> tuple[float, int]:  # type: ignore[type-arg]
    """CPU seconds to build the review (what `kg extract` writes as YAML), and its proposals."""
    cpu = time.process_time()
    gathered = Review("bench", records)
    for result in extractor.file(path):
        gathered.add(result)
    proposals = len(gathered.candidates) + len(gathered.relations) + len(gathered.figures)
    return time.process_time() - cpu, proposals


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--big", action="store_true", help="also extract a 50 MB file")
    parser.add_argument("--no-candidates", action="store_true")
    args = parser.parse_args()
    curation = load_curation(ROOT)
    extractor = Extractor.from_records(curation.records.values(), candidates=not args.no_candidates)
    print(f"gazetteer: {len(curation.records)} records; peak memory after setup {peak_mb():.0f} MB")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.txt"
        path.write_text(corpus(args.mb), encoding="utf-8")
        chars, elapsed, cpu = run(extractor, path)
        print(
            f"{chars:,} chars in {elapsed:.2f} s wall, {cpu:.2f} s CPU: {chars / elapsed:,.0f} chars/s "
            f"({chars / cpu:,.0f} per CPU second); peak memory {peak_mb():.0f} MB"
        )
        cpu, proposals = review(extractor, path, curation.records)
        print(f"review (yaml): {chars / cpu:,.0f} chars per CPU second, {proposals:,} proposals")
        if args.big:
            big = Path(folder) / "big.txt"
            piece = corpus(1.0)
            with big.open("w", encoding="utf-8") as handle:
                for _ in range(50):
                    handle.write(piece)
            size = big.stat().st_size / 1024 / 1024
            chars, elapsed, cpu = run(extractor, big)
            print(
                f"{size:.0f} MB file: {chars:,} chars in {elapsed:.1f} s wall: "
                f"{chars / elapsed:,.0f} chars/s "
                f"({chars / cpu:,.0f} per CPU second); peak memory {peak_mb():.0f} MB"
            )


if __name__ == "__main__":
    main()
