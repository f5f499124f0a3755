"""The PLOVER coding lexicon (``data/plover.yaml``), loaded once and indexed for lookup."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
_FILE = Path(__file__).parent / "data" / "plover.yaml"


@dataclass
class Phrase:
    type: str
    verb: str
    particle: str | None = None
    prep: str | None = None
    objects: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()


@dataclass
class Lexicon:
    """Verb, phrase and noun triggers per PLOVER type, with modes, contexts and scores."""

    verbs: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    modes: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    contexts: dict[str, frozenset[str]] = field(default_factory=dict)
    scores: dict[str, dict] = field(default_factory=dict)

    def score(self, event_type: str, mode: str | None) -> float:
        entry = self.scores.get(event_type, {})
        by_mode = entry.get("modes") or {}
        return float(by_mode.get(mode, entry.get("score", 0.0)))

    def quad(self, event_type: str) -> str | None:
        return self.scores.get(event_type, {}).get("quad")


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and index the YAML lexicon; raise ``ValueError`` naming what is wrong in it."""
    data = yaml.safe_load(Path(path or _FILE).read_text(encoding="utf-8"))
    lex = Lexicon()
    for event_type, spec in (data.get("types") or {}).items():
        if event_type not in PLOVER_TYPES:
            raise ValueError(f"plover.yaml: unknown event type {event_type!r}")
        for verb in spec.get("verbs") or []:
            lex.verbs.setdefault(str(verb).lower(), event_type)
        for noun in spec.get("nouns") or []:
            lex.nouns.setdefault(str(noun).lower(), event_type)
        for item in spec.get("phrases") or []:
            objects = item.get("object") or []
            objects = [objects] if isinstance(objects, str) else objects
            subjects = item.get("subject") or []
            subjects = [subjects] if isinstance(subjects, str) else subjects
            phrase = Phrase(event_type, str(item["verb"]).lower(), item.get("particle"), item.get("prep"),
                            frozenset(str(o).lower() for o in objects), frozenset(str(o).lower() for o in subjects))
            lex.phrases.setdefault(phrase.verb, []).append(phrase)
    for phrases in lex.phrases.values():
        phrases.sort(key=lambda phrase: not phrase.subjects)  # a phrase that names its subject is the most specific
    for event_type, modes in (data.get("modes") or {}).items():
        lex.modes[event_type] = {mode: frozenset(str(w).lower() for w in words) for mode, words in modes.items()}
    lex.contexts = {name: frozenset(str(w).lower() for w in words) for name, words in (data.get("contexts") or {}).items()}
    lex.scores = data.get("scores") or {}
    return lex
