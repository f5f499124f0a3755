"""Timeline17 benchmark of wirewatch.tls (timeline summarisation).

    python benchmarks/t17.py --out PRED.json [--topics a,b,...] [--set name=value ...]

Data: ../shared/bench/t17/TOPIC/{articles.jsonl,timelines.jsonl} (see
../shared/bench/README.md).  Protocol (Ghalandari & Ifrim 2020, news-tls): one task
per gold timeline; the system gets the topic's articles published between the gold
timeline's first and last date, l = the gold timeline's number of dates and
k = round(mean sentences per gold date), and returns l dates with up to k sentences.

The Penn-Treebank tokenised text is lightly detokenised before it reaches the
library; the chosen sentences are mapped back to their original tokenised form.
Predictions are written as {topic: [timeline per gold timeline, in file order]} and
scored with ../shared/bench/t17/eval_tls.py --per-task.  The last stdout line is one
JSON object: AR1-F, AR2-F (alignment ROUGE, align+ m:1) and date F1 averaged as
news-tls does (mean P, mean R, F of the means) over all given topics, over the
conflict topics (egypt, iraq, libya, syria) and over the tuning topics (bpoil,
finan, h1n1, haiti, mj) among them, plus the runtime in seconds.
`--set` overrides a field of wirewatch.tls.Settings (for tuning).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from wirewatch.tls import Article, Settings, summarize_timeline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "bench" / "t17"
CONFLICT = ("egypt", "iraq", "libya", "syria")
TUNE = ("bpoil", "finan", "h1n1", "haiti", "mj")
AR = "align_date_content_costs_many_to_one"

_PTB = [(re.compile(p), r) for p, r in [
    (r"-LRB-", "("), (r"-RRB-", ")"), (r"-LSB-", "["), (r"-RSB-", "]"),
    (r"-LCB-", "{"), (r"-RCB-", "}"), (r"``\s*", '"'), (r"\s*''", '"'),
    (r"\(\s+", "("), (r"\s+\)", ")"), (r"\s+([.,;:!?%])", r"\1"),
    (r"\s+('s|'re|'ve|'ll|'d|'m|n't)\b", r"\1"), (r"\$\s+(?=\d)", "$"),
]]


def detokenize(text: str) -> str:
    """Undo the most visible Penn-Treebank tokenisation."""
    for pattern, repl in _PTB:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def load_articles(topic: str) -> list[tuple[Article, list[str]]]:
    """Articles with plain sentences, each paired with its tokenised original lines."""
    out = []
    with open(DATA / topic / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            raw = [s.strip() for s in row["text"].split("\n") if s.strip()]
            art = Article(row["id"], date.fromisoformat(row["time"][:10]),
                          [detokenize(s) for s in raw], row.get("source"))
            out.append((art, raw))
    return out


def load_timelines(topic: str) -> list[list]:
    with open(DATA / topic / "timelines.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_task(articles: list[tuple[Article, list[str]]], gold: list, settings: Settings, oracle_dates: bool = False) -> list:
    """One prediction for one gold timeline, following the news-tls protocol.

    ``oracle_dates`` (an analysis, not a result): the gold dates are ranked first, so the
    score shows what sentence choice alone achieves on the right days."""
    if oracle_dates:
        return _with_gold_dates(articles, gold, settings)
    first, last = date.fromisoformat(gold[0][0]), date.fromisoformat(gold[-1][0])
    chosen = [(a, raw) for a, raw in articles if first <= a.published <= last]
    original = {s: r for a, raw in chosen for s, r in zip(a.sentences, raw)}
    l = len(gold)
    k = round(statistics.mean(len(sents) for _, sents in gold))
    timeline = summarize_timeline((a for a, _ in chosen), l, k, first, last, settings)
    return [[d.isoformat(), [original[s] for s in sents]] for d, sents in timeline]


def _with_gold_dates(articles: list[tuple[Article, list[str]]], gold: list, settings: Settings) -> list:
    """run_task with the library's date ranking replaced by the gold dates, then its own."""
    from wirewatch import tls

    ranked, wanted = tls._rank_dates, [date.fromisoformat(d) for d, _ in gold]

    def gold_first(*args, **kwargs):
        return wanted + [d for d in ranked(*args, **kwargs) if d not in set(wanted)]

    tls._rank_dates = gold_first
    try:
        return run_task(articles, gold, settings)
    finally:
        tls._rank_dates = ranked


def evaluate(pred_path: Path) -> list[dict]:
    """Per-task scores from eval_tls.py."""
    cmd = [sys.executable, str(DATA / "eval_tls.py"), "--pred-json", str(pred_path),
           "--dataset-dir", str(DATA), "--per-task", "--metrics", AR]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["tasks"]


def average(tasks: list[dict]) -> dict[str, float]:
    """news-tls averaging: mean precision and mean recall over tasks, F of the means."""
    def f(get) -> float:
        p = statistics.mean(get(t)["precision"] for t in tasks)
        r = statistics.mean(get(t)["recall"] for t in tasks)
        return round(2 * p * r / (p + r), 4) if p + r else 0.0
    if not tasks:
        return {}
    return {"AR1-F": f(lambda t: t["scores"][AR]["rouge_1"]),
            "AR2-F": f(lambda t: t["scores"][AR]["rouge_2"]),
            "date-F1": f(lambda t: t["scores"]["date"]), "tasks": len(tasks)}


def parse_settings(pairs: list[str]) -> Settings:
    types = {f.name: f.type for f in dataclasses.fields(Settings)}
    values = {}
    for pair in pairs:
        name, value = pair.split("=", 1)
        values[name] = (float if types[name] == "float" else int)(value)
    return Settings(**values)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="prediction JSON to write")
    ap.add_argument("--topics", default=",".join(sorted(CONFLICT + TUNE)), help="comma-separated topics")
    ap.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE", help="override a tls Settings field")
    ap.add_argument("--oracle-dates", action="store_true",
                    help="analysis only: rank the gold dates first, to see what sentence choice alone scores")
    a = ap.parse_args()
    topics = [t for t in a.topics.split(",") if t]
    settings = parse_settings(a.set)
    began = time.perf_counter()
    preds = {}
    for topic in topics:
        articles = load_articles(topic)
        preds[topic] = [run_task(articles, gold, settings, a.oracle_dates) for gold in load_timelines(topic)]
        print(f"{topic}: {len(preds[topic])} timelines, {time.perf_counter() - began:.0f}s", file=sys.stderr)
    runtime = time.perf_counter() - began
    a.out.write_text(json.dumps(preds, indent=0), encoding="utf-8")
    tasks = [t for t in evaluate(a.out) if t["topic"] in preds]
    for t in tasks:
        print(t["topic"], t["ref"], json.dumps(average([t])), file=sys.stderr)
    result = {"all": average(tasks),
              "conflict": average([t for t in tasks if t["topic"] in CONFLICT]),
              "tune": average([t for t in tasks if t["topic"] in TUNE]),
              "runtime_s": round(runtime, 1)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
