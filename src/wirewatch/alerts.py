"""Alerts: rules in a TOML file, checked against the store, each fired once per new fact.

Rule kinds (see ``docs/alerts.md``):

- ``event``: an event type by an actor (``type = "ASSAULT"``, ``actor = "Russia"``, optional ``target``);
  one alert per event (one happening, however many outlets);
- ``figure``: a figure about a subject crossing a threshold (``about``, optional ``measure``,
  ``above`` and/or ``below``); one alert per figure;
- ``story``: a story reported by at least ``min_sources`` outlets; one alert per story;
- ``escalation``: the escalation index rising by more than ``rise`` from one period
  (``by = "day"`` or ``"week"``) to the next; one alert per period.

A fired alert is recorded in the store's ``alerts`` table (rule, fact), so it never fires
again, across restarts. Delivery: a JSON line appended to ``[delivery] file``, an HTTP POST
of the same JSON to ``[delivery] post`` (urllib, with a timeout); the caller prints the
terminal line (:meth:`Alert.line`).
"""

from __future__ import annotations

import json
import tomllib
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import func, insert, select

from .errors import Code, WirewatchError
from .store import Store
from .store.schema import alerts, documents, entries, event_mentions, events, figures, stories, story_entries
from .versions import now

KINDS = ("event", "figure", "story", "escalation")
_ALLOWED = {
    "event": {"type", "actor", "target", "include_uncertain"},
    "figure": {"about", "measure", "above", "below"},
    "story": {"min_sources"},
    "escalation": {"rise", "by"},
}


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    options: dict


@dataclass
class Delivery:
    file: Path | None = None
    post: str | None = None
    timeout: float = 5.0


@dataclass
class Rules:
    rules: list[Rule]
    delivery: Delivery = field(default_factory=Delivery)


@dataclass
class Alert:
    """One fired alert, as written to the alerts file and POSTed."""

    rule: str
    kind: str
    fact: str
    message: str
    fired_at: str
    sources: list[dict]

    def line(self) -> str:
        links = ", ".join(s["url"] or f"{s['document_id']} ({s['entry_id']})" for s in self.sources[:3])
        more = f" +{len(self.sources) - 3} more" if len(self.sources) > 3 else ""
        return f"ALERT [{self.rule}] {self.message}" + (f" — {links}{more}" if links else "")


def load_rules(path: str | Path) -> Rules:
    """Read and check a rules file; raise ``WW029`` naming the first problem."""
    path = Path(path)
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WirewatchError(Code.BAD_ALERTS, f"cannot read the rules file ({exc.strerror or exc}); check the path", where) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WirewatchError(Code.BAD_ALERTS, f"not valid TOML ({exc}); see docs/alerts.md for the format", where) from exc
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise WirewatchError(Code.BAD_ALERTS, "no [[rule]] tables; add at least one rule (see docs/alerts.md)", where)
    rules, names = [], set()
    for number, raw in enumerate(raw_rules, start=1):
        rules.append(_rule(raw, number, where))
        if rules[-1].name in names:
            raise WirewatchError(Code.BAD_ALERTS, f"rule {number}: name {rules[-1].name!r} is used twice; names must be unique", where)
        names.add(rules[-1].name)
    given = data.get("delivery", {})
    if not isinstance(given, dict) or set(given) - {"file", "post", "timeout"}:
        raise WirewatchError(Code.BAD_ALERTS, "[delivery] takes only file, post and timeout", where)
    post = given.get("post")
    if post is not None and (not isinstance(post, str) or not post.startswith(("http://", "https://"))):
        raise WirewatchError(Code.BAD_ALERTS, f"[delivery] post {post!r} must be an http:// or https:// URL", where)
    file = given.get("file")
    target = (path.parent / file) if isinstance(file, str) and file else None
    return Rules(rules, Delivery(target, post, float(given.get("timeout", 5.0))))


def _rule(raw: object, number: int, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise WirewatchError(Code.BAD_ALERTS, f"rule {number} is not a table", where)
    kind, name = raw.get("kind"), raw.get("name") or f"rule-{number}"
    if kind not in KINDS:
        raise WirewatchError(Code.BAD_ALERTS, f"rule {number}: kind {kind!r} is not one of {', '.join(KINDS)}", where)
    options = {k: v for k, v in raw.items() if k not in ("kind", "name")}
    unknown = set(options) - _ALLOWED[kind]
    if unknown:
        raise WirewatchError(Code.BAD_ALERTS, f"rule {name!r}: unknown key {sorted(unknown)[0]!r} for kind {kind} "
                             f"(takes {', '.join(sorted(_ALLOWED[kind]))})", where)
    needed = {"event": ("type",), "figure": ("about",), "story": ("min_sources",), "escalation": ("rise",)}[kind]
    missing = [k for k in needed if k not in options]
    if missing:
        raise WirewatchError(Code.BAD_ALERTS, f"rule {name!r}: kind {kind} needs {missing[0]!r}", where)
    if kind == "figure" and "above" not in options and "below" not in options:
        raise WirewatchError(Code.BAD_ALERTS, f"rule {name!r}: a figure rule needs 'above' or 'below'", where)
    for key in ("above", "below", "rise", "min_sources"):
        if key in options and not isinstance(options[key], (int, float)):
            raise WirewatchError(Code.BAD_ALERTS, f"rule {name!r}: {key} must be a number", where)
    if kind == "escalation" and options.get("by", "day") not in ("day", "week"):
        raise WirewatchError(Code.BAD_ALERTS, f"rule {name!r}: by must be day or week", where)
    return Rule(str(name), kind, options)


# -- finding facts ---------------------------------------------------------------


def _sources(conn, entry_ids: list[str]) -> list[dict]:
    """Each entry's document, outlet and URL, with a link to the document page."""
    if not entry_ids:
        return []
    rows = conn.execute(select(entries.c.id, entries.c.document_id, documents.c.source, documents.c.url)
                        .join(documents, documents.c.id == entries.c.document_id)
                        .where(entries.c.id.in_(sorted(set(entry_ids))))).mappings().all()
    order = {e: i for i, e in enumerate(dict.fromkeys(entry_ids))}
    return [{"entry_id": r["id"], "document_id": r["document_id"], "source": r["source"], "url": r["url"],
             "link": f"/documents/{quote(r['document_id'], safe='')}#{quote(r['id'], safe='')}"} for r in sorted(rows, key=lambda r: order[r["id"]])]


def _names(store: Store, name: str) -> tuple[set[str], str]:
    from .query import entity_ids

    return set(entity_ids(store, name)), name.casefold()


def _event_facts(store: Store, conn, rule: Rule) -> list[tuple[str, str, list[str]]]:
    wanted_type = str(rule.options["type"]).upper()
    query = select(events).where(events.c.type == wanted_type)
    if not rule.options.get("include_uncertain"):
        query = query.where(events.c.negated.is_(False), events.c.hypothetical.is_(False))
    sides = [(side, _names(store, str(rule.options[side]))) for side in ("actor", "target") if rule.options.get(side)]
    found = []
    for row in conn.execute(query.order_by(events.c.date.asc().nulls_first(), events.c.id)).mappings():
        if all(_is(row, "source" if side == "actor" else "target", ids, name) for side, (ids, name) in sides):
            mentions = conn.execute(select(event_mentions.c.entry_id).where(event_mentions.c.event_id == row["id"])
                                    .order_by(event_mentions.c.date.asc().nulls_first(), event_mentions.c.entry_id)).scalars().all()
            by = f" by {row['source_actor']}" if row["source_actor"] else ""
            on = f" on {row['target_actor']}" if row["target_actor"] else ""
            message = f"{row['type']}{by}{on} ({row['date'] or 'undated'}): {row['sentence'][:160]}"
            found.append((row["id"], message, list(mentions) or [row["entry_id"]]))
    return found


def _is(row: dict, side: str, ids: set[str], name: str) -> bool:
    return (row[f"{side}_entity_id"] in ids or (row[f"{side}_actor"] or "").casefold() == name
            or (row[f"{side}_country"] or "").casefold() == name)


def _figure_facts(conn, rule: Rule) -> list[tuple[str, str, list[str]]]:
    about = str(rule.options["about"]).casefold()
    query = select(figures).where(figures.c.value.is_not(None))
    if rule.options.get("measure"):
        query = query.where(func.lower(figures.c.measure) == str(rule.options["measure"]).casefold())
    above, below = rule.options.get("above"), rule.options.get("below")
    if above is not None:
        query = query.where(figures.c.value > above)
    if below is not None:
        query = query.where(figures.c.value < below)
    found = []
    for row in conn.execute(query.order_by(figures.c.published_at.asc().nulls_first(), figures.c.id)).mappings():
        fields = (row["subject"], row["place"], row["about"], row["claimed_by"], row["text"])
        if not any(about in (f or "").casefold() for f in fields):
            continue
        # stable across versions of the document (a figure's offsets move when updates are added above it)
        fact = f"{row['entry_id']}|{row['value']:g}|{row['unit'] or ''}|{' '.join(row['text'].split()).casefold()}"
        crossing = f"over {above:g}" if above is not None else f"under {below:g}"
        claimant = f", says {row['claimed_by']}" if row["claimed_by"] else ""
        found.append((fact, f"{row['text']} ({row['about'] or row['measure'] or 'figure'}, {crossing}{claimant})", [row["entry_id"]]))
    return found


def _story_facts(conn, rule: Rule) -> list[tuple[str, str, list[str]]]:
    found = []
    for row in conn.execute(select(stories).order_by(stories.c.id)).mappings():
        outlets = json.loads(row["sources"])
        if len(outlets) >= rule.options["min_sources"]:
            members = conn.execute(select(story_entries.c.entry_id).where(story_entries.c.story_id == row["id"])
                                   .order_by(story_entries.c.published_at.asc().nulls_first(), story_entries.c.entry_id)).scalars().all()
            message = f"story {row['id']} has {len(outlets)} sources ({', '.join(outlets)}): {row['headline'] or ''}"
            found.append((row["id"], message, list(members)))
    return found


def _escalation_facts(store: Store, conn, rule: Rule) -> list[tuple[str, str, list[str]]]:
    from .trends import compute

    by = rule.options.get("by", "day")
    periods = compute(store, by=by).periods
    found = []
    for before, period in zip(periods, periods[1:]):
        rise = period.escalation - before.escalation
        if rise > rule.options["rise"]:
            start = period.start
            ids = conn.execute(select(events.c.entry_id).where(events.c.date >= start, events.c.date < _period_end(start, by))
                               .order_by(events.c.date, events.c.id).limit(20)).scalars().all()
            found.append((f"{by}:{start}", f"escalation index {before.escalation:+g} → {period.escalation:+g} "
                                           f"({by} of {start}, +{rise:g})", list(ids)))
    return found


def _period_end(start: str, by: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(start) + timedelta(days=7 if by == "week" else 1)).isoformat()


def pending(store: Store, rules: Rules) -> list[Alert]:
    """Alerts for facts no rule has fired on yet (nothing is recorded or delivered)."""
    found: list[Alert] = []
    with store.engine.connect() as conn:
        fired = {(r.rule, r.fact) for r in conn.execute(select(alerts.c.rule, alerts.c.fact))}
        for rule in rules.rules:
            if rule.kind == "event":
                facts = _event_facts(store, conn, rule)
            elif rule.kind == "figure":
                facts = _figure_facts(conn, rule)
            elif rule.kind == "story":
                facts = _story_facts(conn, rule)
            else:
                facts = _escalation_facts(store, conn, rule)
            for fact, message, entry_ids in facts:
                if (rule.name, fact) not in fired:
                    found.append(Alert(rule.name, rule.kind, fact, message, "", _sources(conn, entry_ids)))
    return found


def check(store: Store, rules: Rules) -> tuple[list[Alert], list[str]]:
    """Fire every new alert: record it, append it to the alerts file, POST it.
    Returns the alerts and one error line per delivery that failed (the alert still counts as fired)."""
    fired = pending(store, rules)
    problems: list[str] = []
    if not fired:
        return fired, problems
    moment = now()
    for alert in fired:
        alert.fired_at = moment
    with store.engine.begin() as conn:
        conn.execute(insert(alerts), [{"rule": a.rule, "fact": a.fact, "fired_at": a.fired_at, "message": a.message,
                                       "payload": json.dumps(asdict(a), ensure_ascii=False)} for a in fired])
    delivery = rules.delivery
    if delivery.file is not None:
        try:
            with delivery.file.open("a", encoding="utf-8") as out:
                for alert in fired:
                    out.write(json.dumps(asdict(alert), ensure_ascii=False) + "\n")
        except OSError as exc:
            problems.append(WirewatchError(Code.ALERT_DELIVERY, f"cannot append to the alerts file ({exc.strerror or exc}); "
                                           "check the folder exists and is writable", str(delivery.file)).line())
    if delivery.post:
        for alert in fired:
            problem = post(delivery.post, asdict(alert), delivery.timeout)
            if problem:
                problems.append(problem)
    return fired, problems


def post(url: str, payload: dict, timeout: float) -> str | None:
    """POST ``payload`` as JSON; ``None`` on a 2xx answer, else the ``WW030`` line."""
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "wirewatch-alerts"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the URL is the user's own, http(s) checked
            if 200 <= response.status < 300:
                return None
            reason = f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        reason = f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        reason = str(getattr(exc, "reason", exc))
    return WirewatchError(Code.ALERT_DELIVERY, f"POST of alert {payload['rule']!r} failed ({reason}); the alert is in the alerts "
                          "table and file; check the receiver", url).line()
