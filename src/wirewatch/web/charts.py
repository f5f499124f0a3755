"""A trends chart as plain SVG markup (no script, no inline style): escalation index and event counts."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 720, 260, 36


def trend_chart(periods: list) -> Markup:
    """Bars: events per period; line: the escalation index (right axis). Empty markup when no periods."""
    if not periods:
        return Markup("")
    counts = [sum(p.counts.values()) for p in periods]
    index = [p.escalation for p in periods]
    top = max(max(counts), 1)
    low, high = min(min(index), 0.0), max(max(index), 0.0)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / len(periods)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
             '<title id="chart-title">Events per period (bars) and escalation index (line)</title>']
    base = HEIGHT - PAD
    for n, (period, count) in enumerate(zip(periods, counts)):
        height = (HEIGHT - 2 * PAD) * count / top
        x = PAD + n * step
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{base - height:.1f}" width="{step * 0.7:.1f}" height="{height:.1f}" fill="#9bb7d4">'
                     f'<title>{escape(period.start)}: {count} events, escalation {period.escalation:+.1f}</title></rect>')
        if len(periods) <= 16 or n % max(1, len(periods) // 8) == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 12}" font-size="10" text-anchor="middle" fill="#333">{escape(period.start[2:])}</text>')
    points = " ".join(f"{PAD + (n + 0.5) * step:.1f},{PAD + (HEIGHT - 2 * PAD) * (high - v) / span:.1f}" for n, v in enumerate(index))
    zero = PAD + (HEIGHT - 2 * PAD) * high / span
    parts.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#999" stroke-dasharray="4 3"/>')
    parts.append(f'<polyline points="{points}" fill="none" stroke="#b3261e" stroke-width="2"/>')
    parts.append(f'<text x="{PAD}" y="{PAD - 12}" font-size="11" fill="#333">events (max {top})</text>')
    parts.append(f'<text x="{WIDTH - PAD}" y="{PAD - 12}" font-size="11" text-anchor="end" fill="#b3261e">escalation {low:+.1f} … {high:+.1f}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
