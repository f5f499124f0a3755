"""Escalation trends: event counts by type, scores per actor dyad, and an escalation index.

The **escalation index** of a period is the sum, over the period's events, of
minus each event's PLOVER score (``data/plover.yaml``): conflictual events
(negative scores) raise it, cooperative ones lower it. Each event counts once
however many outlets reported it; negated and hypothetical events are left out
unless asked for; undated events cannot be placed and are counted apart.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .errors import Code, WirewatchError
from .extract.gazetteer import fold
from .extract.lexicon_plover import PLOVER_TYPES
from sqlalchemy import func, or_, select

from .query import Filters, event_conditions
from .store import Store
from .store.schema import events


@dataclass
class Period:
    start: str
    counts: Counter = field(default_factory=Counter)
    score: float = 0.0
    dyads: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def escalation(self) -> float:
        return round(-self.score, 2)


@dataclass
class TrendReport:
    by: str
    periods: list[Period]
    undated: int
    left_out: int

    def types(self) -> list[str]:
        seen = {t for p in self.periods for t in p.counts}
        return [t for t in PLOVER_TYPES if t in seen]


def _period(day: str, by: str) -> str:
    when = date.fromisoformat(day[:10])
    return (when - timedelta(days=when.weekday())).isoformat() if by == "week" else when.isoformat()


def compute(store: Store, by: str = "day", dyad: tuple[str, str] | None = None, include_uncertain: bool = False,
            filters: Filters | None = None) -> TrendReport:
    """Per period: counts by type, summed score per dyad and the escalation index.

    ``filters`` narrows the events: a day range (on the event's date), an entity (actor or
    target), an outlet (of the reporting entry) or an event type. Events are summed in SQL,
    one row per day, type, dyad and flags, so the cost follows the number of such groups."""
    if by not in ("day", "week"):
        raise WirewatchError(Code.BAD_OPTION, f"--by {by!r}: choose day or week")
    uncertain = or_(events.c.negated.is_(True), events.c.hypothetical.is_(True))
    query = (select(func.substr(events.c.date, 1, 10).label("day"), events.c.type, events.c.source_actor, events.c.target_actor,
                    uncertain.label("uncertain"), func.count().label("n"), func.sum(events.c.score).label("score"))
             .where(*(event_conditions(store, filters) if filters else []))
             .group_by("day", events.c.type, events.c.source_actor, events.c.target_actor, "uncertain"))
    periods: dict[str, Period] = {}
    undated = left_out = 0
    wanted = {fold(a) for a in dyad} if dyad else None
    with store.engine.connect() as conn:
        groups = conn.execute(query).mappings().all()
    for group in groups:
        if not include_uncertain and group["uncertain"]:
            left_out += group["n"]
            continue
        source, target = group["source_actor"] or "?", group["target_actor"] or "—"
        if wanted and {fold(source), fold(target)} != wanted:
            continue
        if not group["day"]:
            undated += group["n"]
            continue
        key = _period(group["day"], by)
        period = periods.setdefault(key, Period(key))
        period.counts[group["type"]] += group["n"]
        period.score += group["score"]
        if group["source_actor"] or group["target_actor"]:  # a dyad needs one known actor at least
            period.dyads[f"{source} → {target}"] += group["score"]
    return TrendReport(by, [periods[k] for k in sorted(periods)], undated, left_out)


def newest_day(store: Store) -> str | None:
    """The newest day any event is dated to."""
    with store.engine.connect() as conn:
        found = conn.execute(select(func.max(events.c.date))).scalar()
    return found[:10] if found else None


def write_csv(report: TrendReport, path: Path) -> None:
    types = report.types()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["period", *types, "score", "escalation_index", "dyads"])
        for p in report.periods:
            dyads = "; ".join(f"{d}: {s:+.1f}" for d, s in sorted(p.dyads.items()))
            writer.writerow([p.start, *[p.counts.get(t, 0) for t in types], round(p.score, 2), p.escalation, dyads])


def write_chart(report: TrendReport, path: Path) -> None:
    """Stacked event counts by type and the escalation index, as PNG or SVG (matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [p.start for p in report.periods]
    fig, (counts_ax, index_ax) = plt.subplots(2, 1, figsize=(max(7, len(labels) * 0.6 + 5), 6), sharex=True)
    colours = plt.get_cmap("tab20")
    bottom = [0] * len(labels)
    for event_type in report.types():
        values = [p.counts.get(event_type, 0) for p in report.periods]
        counts_ax.bar(labels, values, bottom=bottom, label=event_type, color=colours(PLOVER_TYPES.index(event_type)))
        bottom = [b + v for b, v in zip(bottom, values)]
    counts_ax.set_ylabel("events")
    counts_ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    index_ax.plot(labels, [p.escalation for p in report.periods], marker="o", color="firebrick")
    index_ax.axhline(0, color="grey", linewidth=0.5)
    index_ax.set_ylabel("escalation index")
    index_ax.tick_params(axis="x", rotation=45)
    fig.suptitle(f"Events and escalation per {report.by}")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write(report: TrendReport, out: str | Path) -> Path:
    path = Path(out)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            write_csv(report, path)
        elif suffix in (".png", ".svg"):
            write_chart(report, path)
        else:
            raise WirewatchError(Code.BAD_OPTION, f"--out {out}: use a .png, .svg or .csv file name")
    except OSError as exc:
        raise WirewatchError(Code.EXPORT, f"cannot write ({exc.strerror or exc})", str(path)) from exc
    return path
