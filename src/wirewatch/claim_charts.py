"""Step charts of claim series: value over time, one marker shape per claimant (matplotlib, no display)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .claims import Series
from .errors import Code, WirewatchError

_MARKERS = "osD^v<>pXh*"


def write_charts(series: list[Series], folder: str | Path) -> list[Path]:
    """One PNG per series in ``folder`` (created if missing); returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WirewatchError(Code.BAD_OPTION, f"cannot create {target} ({exc.strerror})", str(target)) from exc
    written = []
    for one in series:
        dated = [p for p in one.points if p.date]
        if not dated:
            continue
        figure, axes = plt.subplots(figsize=(7, 3.5))
        days = [date.fromisoformat(p.date[:10]) for p in dated]
        axes.step(days, [p.value for p in dated], where="post", color="#888", linewidth=1)
        for n, claimant in enumerate(one.claimants):
            mine = [(d, p) for d, p in zip(days, dated) if p.claimant == claimant]
            axes.scatter([d for d, _ in mine], [p.value for _, p in mine], marker=_MARKERS[n % len(_MARKERS)], s=60, label=claimant, zorder=3)
            for d, p in mine:
                axes.annotate(p.text, (d, p.value), textcoords="offset points", xytext=(4, 6), fontsize=7)
        axes.set_title(one.label, fontsize=10)
        axes.legend(fontsize=7, loc="best")
        axes.tick_params(labelsize=7)
        figure.autofmt_xdate()
        figure.tight_layout()
        path = target / (re.sub(r"[^a-z0-9]+", "-", one.id.lower()).strip("-") + ".png")
        figure.savefig(path, dpi=110)
        plt.close(figure)
        written.append(path)
    return written
