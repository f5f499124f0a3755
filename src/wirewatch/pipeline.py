"""The stage registry: what each stage consumes and produces, checked on assembly.

Per-document stages run on every new or changed input, in order:
``read`` → ``clean`` → ``segment`` → ``store``. Corpus stages (entities, quotes,
figures, events, stories; later issues) run over the store after ingest, and
``wirewatch run`` runs every one in :data:`ANALYSIS_STAGES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .clean import clean
from .extract import analyze
from .limits import check_entries
from .models import Document, RawDocument
from .segment import segment
from .stories import build_stories


@dataclass(frozen=True)
class Stage:
    """A named step with the artefacts it needs and the ones it makes."""

    name: str
    consumes: tuple[str, ...]
    produces: tuple[str, ...]
    run: Callable | None = None
    doc: str = ""


DOCUMENT_STAGES: list[Stage] = [
    Stage("read", ("input file",), ("raw document",), doc="one reader per format: text, HTML, JSON Lines, feed"),
    Stage("clean", ("raw document",), ("cleaned lines", "removed lines", "dateline"), clean, "Unicode repair, debris removal, repeats, dateline"),
    Stage("segment", ("cleaned lines",), ("document", "entries"), segment, "live-blog splitting and time resolution"),
    Stage("store", ("document", "entries"), ("entries",), doc="one transaction per document"),
]

#: Corpus stages run by ``wirewatch run`` after ingest. A stage's ``run`` takes
#: a :class:`~wirewatch.store.Store` and the names of the stages to run with it
#: (stages sharing a runner share one parse) and returns a summary dict.
ANALYSIS_STAGES: list[Stage] = [
    Stage("entities", ("entries",), ("mentions", "entities"), analyze, "NER, corrections, canonical actors"),
    Stage("quotes", ("entries", "mentions"), ("quotes",), analyze, "direct and reported quotes with speakers"),
    Stage("figures", ("entries", "quotes"), ("figures",), analyze, "claimed numbers with claimants"),
    Stage("events", ("entries", "mentions", "quotes"), ("event mentions", "events"), analyze, "PLOVER events, one per happening"),
    Stage("stories", ("entries", "entities", "quotes", "figures"), ("stories",), build_stories, "cross-source stories, online and incremental"),
]


def check(stages: list[Stage], given: tuple[str, ...] = ("input file",)) -> None:
    """Raise if a stage consumes something no earlier stage produces."""
    available = set(given)
    for stage in stages:
        missing = [c for c in stage.consumes if c not in available]
        if missing:
            raise RuntimeError(f"stage {stage.name!r} needs {missing} which no earlier stage produces")
        available.update(stage.produces)


def grouped(stages: list[Stage]) -> list[tuple[Callable, tuple[str, ...]]]:
    """Consecutive stages with the same runner, run together (one parse for all)."""
    groups: list[tuple[Callable, tuple[str, ...]]] = []
    for stage in stages:
        if groups and groups[-1][0] is stage.run:
            groups[-1] = (stage.run, groups[-1][1] + (stage.name,))
        elif stage.run is not None:
            groups.append((stage.run, (stage.name,)))
    return groups


def stage_names() -> list[str]:
    return [stage.name for stage in ANALYSIS_STAGES]


def process(raw: RawDocument) -> Document:
    """Run the per-document stages between reading and storing (refusing a document over the entries limit)."""
    document = segment(clean(raw))
    check_entries(document.id, len(document.entries), raw.origin)
    return document


check(DOCUMENT_STAGES + ANALYSIS_STAGES)
