"""Watch mode: poll paths, ingest what is new or changed, run the stages on it, fire alerts.

Each cycle stats every input under the watched paths (size, modification time). A file
that is new or changed is read once it has settled (unchanged since the last cycle, or
older than ``settle`` seconds), so a file still being written is not read half-way.
Changed inputs are ingested (a changed document becomes its next version); then the
analysis stages run, which only touch changed documents, and the stories follow. Alert
rules are checked after every cycle that changed something (and on the first cycle).

A restart reads each file once more, but the store's content hashes skip everything
already stored, and fired alerts are recorded in the store: nothing is processed or
fired twice. An unreadable file gives one error line and is retried only when it changes.
SIGINT or SIGTERM ends the loop after the current cycle.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import alerts as alert_tools
from .errors import Code, Problem, WirewatchError
from .ingest import discover
from .pipeline import ANALYSIS_STAGES, grouped
from .store import Store

Say = Callable[[str], None]


@dataclass
class WatchSettings:
    paths: list[str]
    interval: float = 5.0
    max_cycles: int | None = None
    rules: alert_tools.Rules | None = None
    settle: float = 0.5
    source: str | None = None
    scraped_at: str | None = None


@dataclass
class CycleReport:
    """What one cycle did."""

    ingested: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    stages: dict[str, dict] = field(default_factory=dict)
    alerts: list[alert_tools.Alert] = field(default_factory=list)


class Watcher:
    """The polling loop over one store; :meth:`cycle` is one pass, :meth:`run` the loop."""

    def __init__(self, store: Store, settings: WatchSettings, say: Say = print) -> None:
        self.store = store
        self.settings = settings
        self.say = say
        self.seen: dict[str, tuple[int, int]] = {}      # file -> (size, mtime_ns) last handled
        self.waiting: dict[str, tuple[int, int]] = {}   # file -> stat seen once, not yet settled
        self.missing: set[str] = set()
        self.cycles = 0
        self.stopping = threading.Event()

    def scan(self, final: bool = False) -> list[Path]:
        """Inputs that are new or changed and have settled (all of them on a ``final`` cycle)."""
        ready: list[Path] = []
        now = time.time()
        for item in discover(self.settings.paths):
            if isinstance(item, Problem):
                if item.where not in self.missing:
                    self.missing.add(item.where)
                    self.say(WirewatchError(Code.WATCH, "watched path does not exist (yet); still polling", item.where).line())
                continue
            self.missing.discard(str(item))
            try:
                info = Path(item).stat()
            except OSError:
                continue  # gone between listing and stat
            key, stat = str(item), (info.st_size, info.st_mtime_ns)
            if self.seen.get(key) == stat:
                continue
            settled = self.waiting.get(key) == stat or now - info.st_mtime >= self.settings.settle
            if settled or final:
                ready.append(Path(item))
                self.waiting.pop(key, None)
            else:
                self.waiting[key] = stat
        return ready

    def cycle(self, final: bool = False) -> CycleReport:
        """One pass: ingest what changed, analyse it, check the alert rules."""
        from . import api

        report = CycleReport()
        first = self.cycles == 0
        self.cycles += 1
        ready = self.scan(final)
        if ready:
            result = api.ingest([str(p) for p in ready], store=self.store, source=self.settings.source,
                                scraped_at=self.settings.scraped_at)
            report.ingested = dict(result.saved)
            report.problems = [p.line() for p in result.problems] + [f"warning: {w}" for w in result.warnings]
            for path in ready:  # handled, well or not: retried only when the file changes again
                try:
                    info = path.stat()
                    self.seen[str(path)] = (info.st_size, info.st_mtime_ns)
                except OSError:
                    self.seen.pop(str(path), None)
        for line in report.problems:
            self.say(line)
        changed = {d: s for d, s in report.ingested.items() if s != "unchanged"}
        for doc_id, status in sorted(changed.items()):
            self.say(f"{status}: {doc_id}")
        if changed or first:
            for runner, names in grouped(ANALYSIS_STAGES):
                summary = runner(self.store, names)
                report.stages[", ".join(names)] = summary
                for line in (summary.get("problems", []) + summary.get("warnings", [])) if isinstance(summary, dict) else []:
                    self.say(line)
            if self.settings.rules is not None:
                report.alerts, problems = alert_tools.check(self.store, self.settings.rules)
                for alert in report.alerts:
                    self.say(alert.line())
                for line in problems:
                    self.say(line)
        return report

    def stop(self, *_args) -> None:
        self.stopping.set()

    def run(self) -> int:
        """Cycle until stopped (SIGINT, SIGTERM, :meth:`stop`) or ``max_cycles``; return the cycles run."""
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, self.stop)
        try:
            limit = self.settings.max_cycles
            while not self.stopping.is_set():
                final = limit is not None and self.cycles + 1 >= limit
                started = time.monotonic()
                self.cycle(final=final)
                if final:
                    break
                self.stopping.wait(max(0.0, self.settings.interval - (time.monotonic() - started)))
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return self.cycles
