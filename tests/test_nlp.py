"""The shared parse: batches bounded by texts and characters, with the same annotations as parsing each text alone."""

from __future__ import annotations

from pathlib import Path

from wirewatch import nlp

ROOT = Path(__file__).resolve().parent.parent


def test_batches_are_bounded_and_keep_order() -> None:
    texts = ["a" * 30_000, "b" * 30_000, "c" * 30_000, "d" * 30_000, "e" * 250_000, "f", "g"] + ["h"] * 200
    groups = list(nlp.batches(iter(texts)))
    assert [t for group in groups for t in group] == texts
    for group in groups:
        assert len(group) <= nlp.BATCH_SIZE
        assert len(group) == 1 or sum(map(len, group)) <= nlp.BATCH_CHARS
    assert ["e" * 250_000] in groups  # a text over the bound is parsed alone
    assert [len(g) for g in groups[:2]] == [3, 1]


def test_batched_parse_equals_parsing_each_text_alone(seeds_dir: Path, monkeypatch) -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds_dir.iterdir())]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "examples" / "corpus").glob("*.txt"))]
    monkeypatch.setattr(nlp, "BATCH_CHARS", 8_000)  # several batches of different sizes from this small set
    assert len(list(nlp.batches(texts))) > 3
    model = nlp.load()
    alone = [model(text) for text in texts]
    batched = list(nlp.parse(texts))
    key = lambda doc: [(t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_, t.is_sent_start) for t in doc]  # noqa: E731
    assert [key(d) for d in batched] == [key(d) for d in alone]
