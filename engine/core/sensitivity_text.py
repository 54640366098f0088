"""`jobzone explain` as text and as JSON: the Explanation of `sensitivity`, for people and
for pipelines. Pure: strings and plain values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jobzone.engine.core.model import Assessment
from jobzone.engine.core.sensitivity import Explanation, Input, Move, Swing


def _n(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _score(value: Decimal) -> str:
    """A score or a difference of scores, at the score's own precision (39.0, +3.6)."""
    return f"{value:f}"


def _signed(value: Decimal) -> str:
    return f"{'+' if value >= 0 else ''}{_score(value)}"


def _value(item: Input, value: Decimal) -> str:
    return f"{_n(value)}{item.unit}"


def move_text(move: Move | None, base: Decimal) -> str:
    if move is None:
        return "none within the scale"
    steps = _n(move.steps)
    return (f"{move.input.label} {_value(move.input, move.input.value)} -> "
            f"{_value(move.input, move.value)} ({steps} step{'' if steps == '1' else 's'}) "
            f"gives {_score(move.score)} {move.sub_label} ({_signed(move.score - base)})")


def _swing_cell(move: Move | None, base: Decimal) -> str:
    if move is None:
        return "-"
    return f"{_score(move.score)} ({_signed(move.score - base)})"


def explanation_text(file: str, assessment: Assessment, e: Explanation, top: int = 12) -> str:
    r = e.result
    lines = [f"{file}: {assessment.role.job_title} - {_score(r.score)}/100 {r.sub_label}", "",
             "How close"]
    lines += [f"  {t.sentence}" for t in e.thresholds]
    lines += ["", f"  Smallest single change that moves the zone: "
              f"{move_text(e.smallest_zone_change, r.score)}",
              f"  Smallest single change that moves the sub-label: "
              f"{move_text(e.smallest_sub_label_change, r.score)}", ""]
    width = max((len(s.input.label) for s in e.tornado[:top]), default=10)
    lines.append("Tornado: the score one step down and one step up (time shares in steps of "
                 "5 points, taken from or given to the other tasks in proportion)")
    lines.append(f"  {'input':<{width}}  {'now':>6}  {'one down':>14}  {'one up':>14}")
    for swing in e.tornado[:top]:
        down, up = _swing_cell(swing.down, r.score), _swing_cell(swing.up, r.score)
        lines.append(f"  {swing.input.label:<{width}}  "
                     f"{_value(swing.input, swing.input.value):>6}  {down:>14}  {up:>14}")
    if len(e.tornado) > top:
        lines.append(f"  ... and {len(e.tornado) - top} inputs that move the score less "
                     "(--format json lists every one)")
    lines += ["", "Switching values: the nearest value at which the zone changes"]
    for s in e.switching:
        found = [f"{word} {_value(m.input, m.value)} ({_score(m.score)} {m.zone})"
                 for word, m in (("down to", s.zone_down), ("up to", s.zone_up)) if m]
        if found:
            lines.append(f"  {s.input.label} {_value(s.input, s.input.value)}: "
                         f"{'; '.join(found)}")
    if not any(s.zone_down or s.zone_up for s in e.switching):
        lines.append("  none: no single input within its scale changes the zone")
    return "\n".join(lines) + "\n"


def _move_json(move: Move | None) -> dict[str, Any] | None:
    if move is None:
        return None
    return {"input": move.input.key, "label": move.input.label, "from": float(move.input.value),
            "to": float(move.value), "steps": float(move.steps), "score": float(move.score),
            "zone": move.zone, "sub_label": move.sub_label}


def _swing_json(swing: Swing) -> dict[str, Any]:
    return {"input": swing.input.key, "label": swing.input.label,
            "value": float(swing.input.value), "step": float(swing.input.step),
            "down": _move_json(swing.down), "up": _move_json(swing.up),
            "swing": float(swing.size)}


def explanation_json(file: str, e: Explanation) -> dict[str, Any]:
    return {
        "file": file,
        "score": float(e.result.score), "zone": e.result.zone,
        "sub_label": e.result.sub_label, "final_zone": e.result.final_zone,
        "thresholds": [{"zone": t.zone, "min_score": float(t.min_score),
                        "distance": float(t.distance), "override_allowed": t.override_allowed,
                        "sentence": t.sentence} for t in e.thresholds],
        "smallest_zone_change": _move_json(e.smallest_zone_change),
        "smallest_sub_label_change": _move_json(e.smallest_sub_label_change),
        "tornado": [_swing_json(s) for s in e.tornado],
        "switching_values": [{
            "input": s.input.key, "label": s.input.label, "value": float(s.input.value),
            "zone_down": _move_json(s.zone_down), "zone_up": _move_json(s.zone_up),
            "sub_label_down": _move_json(s.sub_label_down),
            "sub_label_up": _move_json(s.sub_label_up)} for s in e.switching],
    }
