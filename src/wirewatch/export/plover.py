"""Events in the PLOVER JSON record layout (as in the PLOVER gold-standard records).

One record per event: ``id``, ``date``, ``source`` and ``target`` as lists of
``{actorText, code}`` (code: the actor's country, when known), ``event``,
``mode``, ``context``, ``eventText`` (the trigger), ``text`` (the sentence),
``language``, ``publication`` (the outlet of the first mention) and wirewatch's
own ``negated``, ``hypothetical``, ``score``, ``confidence`` and ``mentions``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..store import Store

PLOVER_FIELDS = ("id", "date", "source", "target", "event", "mode", "context", "eventText", "text", "language",
                 "publication", "negated", "hypothetical", "score", "confidence", "mentions")


def _actor(name: str | None, country: str | None) -> list[dict]:
    return [{"actorText": name, "code": country}] if name else []


def plover_records(store: Store) -> Iterator[dict]:
    for row in store.iter_events(with_details=True):
        yield {
            "id": row["id"], "date": row["date"], "source": _actor(row["source_actor"], row["source_country"]),
            "target": _actor(row["target_actor"], row["target_country"]), "event": row["type"], "mode": row["mode"],
            "context": row["context"], "eventText": row["trigger"], "text": row["sentence"], "language": "en",
            "publication": row["publication"], "negated": bool(row["negated"]), "hypothetical": bool(row["hypothetical"]),
            "score": row["score"], "confidence": row["confidence"], "mentions": row["mentions"],
        }
