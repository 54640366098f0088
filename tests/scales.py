"""aijri-1's input scales under the names the strategies use (read from its ruleset file,
like every other ruleset's: `Ruleset.scales`)."""

from __future__ import annotations

from jobzone.engine.core.ruleset import AIJRI_1

PRINCIPLE_SCALE = AIJRI_1.scales.principle
GROWTH_SCALE = AIJRI_1.scales.growth
TASK_SCALE = AIJRI_1.scales.task
EVIDENCE_SCALE = AIJRI_1.scales.evidence
BARRIER_SCALE = AIJRI_1.scales.barrier
