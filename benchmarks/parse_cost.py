"""Where the parse's time goes: each spaCy component alone, stock against ours, and how much text the stages need parsed.

    python benchmarks/parse_cost.py [--docs 200]

On the throughput benchmark's documents (Timeline17 articles, detokenised), one process:

- ``components``: seconds of each component of the English model run alone, in order,
  over the same documents (the tokenizer first), stock spaCy;
- ``attribute_ruler_matching_ours``: finding the ruler's matches with ``wirewatch.attribute_index``
  on the same documents (stock: the ``attribute_ruler`` component, nearly all of it matching);
- ``stock_seconds`` / ``ours_seconds``: the whole pipeline, stock against
  ``wirewatch.nlp.load()`` (paragraph breaks, the indexed attribute ruler), same batch size;
- ``ner_share``: the named-entity recogniser's share of the stock pipeline's time: every
  sentence needs it (entities), so on 2 cores no pipeline that runs it everywhere can be
  faster than ``2 / ner_share`` times the single-process baseline;
- ``cue_token_share``: the share of tokens in sentences with a speech, reporting or event
  word (the lexicons), a number or a quotation mark: the sentences the quote, figure and
  event stages read the dependency parse of.

The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import spacy  # noqa: E402

from throughput import documents  # noqa: E402
from wirewatch import nlp  # noqa: E402
from wirewatch.extract.lexicon import DIRECTIVE_VERBS, QUESTION_VERBS, REPORTING_VERBS, SPEECH_NOUNS, SPEECH_VERBS  # noqa: E402
from wirewatch.extract.lexicon_plover import load_lexicon  # noqa: E402

QUOTES = set("\"“”‘’'«»")


def _timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    out = function()
    return time.perf_counter() - started, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=nlp.BATCH_SIZE)
    args = parser.parse_args()
    texts = [text for _, text, _ in documents(args.docs)]
    stock = spacy.load(nlp.MODEL)
    ours = nlp.load()
    for model in (stock, ours):  # warm both up
        list(model.pipe(texts[:5]))
    stock_seconds, _ = _timed(lambda: list(stock.pipe(texts, batch_size=args.batch_size)))
    ours_seconds, parsed = _timed(lambda: list(ours.pipe(texts, batch_size=args.batch_size)))
    components = {}
    seconds, docs = _timed(lambda: [stock.make_doc(text) for text in texts])
    components["tokenizer"] = round(seconds, 2)
    for name, component in stock.pipeline:
        if name == "attribute_ruler":  # ours on the same input first (it only reads tags and the parse, so the order is free)
            indexed = ours.get_pipe("attribute_ruler")
            seconds, _ = _timed(lambda docs=docs: [indexed.match(doc) for doc in docs])
            ruler_ours = round(seconds, 2)
        seconds, docs = _timed(lambda component=component, docs=docs: list(component.pipe(docs, batch_size=args.batch_size)))
        components[name] = round(seconds, 2)
    lexicon = load_lexicon()
    cues = set(SPEECH_VERBS) | REPORTING_VERBS | DIRECTIVE_VERBS | SPEECH_NOUNS | QUESTION_VERBS | set(lexicon.verbs) | set(lexicon.nouns) | set(lexicon.phrases)
    tokens = cue_tokens = 0
    for doc in parsed:
        for sentence in doc.sents:
            tokens += len(sentence)
            if any(t.lemma_.lower() in cues or t.like_num or t.text in QUOTES for t in sentence):
                cue_tokens += len(sentence)
    result = {
        "docs": len(texts), "chars": sum(map(len, texts)), "tokens": tokens, "batch_size": args.batch_size,
        "stock_seconds": round(stock_seconds, 2), "ours_seconds": round(ours_seconds, 2),
        "ours_speedup": round(stock_seconds / ours_seconds, 3), "components": components,
        "attribute_ruler_matching_ours": ruler_ours,
        "ner_share": round(components["ner"] / sum(components.values()), 3),
        "cue_token_share": round(cue_tokens / tokens, 3) if tokens else 0.0,
    }
    result["ceiling_2_cores_ner_everywhere"] = round(2 / result["ner_share"], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
