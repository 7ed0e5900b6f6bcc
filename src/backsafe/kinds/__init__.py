"""The built-in rule kinds: checks that packs instantiate from TOML with options.

Each kind is an attrs class whose fields are its options; `KINDS` maps the names packs
use (``kind = "missing-cue"``) to them.
"""

from __future__ import annotations

from collections.abc import Mapping

from backsafe.engine._check import Check
from backsafe.kinds._blocks import (
    ConditionLoading,
    ConditionRisk,
    MissingCue,
    RangeOfMotionCheck,
    RegressWithPain,
    UnknownExercise,
)
from backsafe.kinds._notes import InputNotes
from backsafe.kinds._plan import (
    ConsecutiveGluteDays,
    FirstLoad,
    GroupPresent,
    LoadJump,
    WorkloadRatio,
)
from backsafe.kinds._profile import ConditionPresent, UnknownCondition
from backsafe.kinds._sessions import MissingPart
from backsafe.kinds._symptoms import BilateralLegSymptoms, SymptomPattern, SymptomsMatch
from backsafe.kinds._weeks import GluteSessions, WeeklyWork

__all__ = ["KINDS", "SymptomPattern"]

#: Rule kinds by the name a pack's TOML gives them.
KINDS: Mapping[str, type[Check]] = {
    "symptoms-match": SymptomsMatch,
    "bilateral-leg-symptoms": BilateralLegSymptoms,
    "condition-present": ConditionPresent,
    "unknown-condition": UnknownCondition,
    "condition-loading": ConditionLoading,
    "condition-risk": ConditionRisk,
    "missing-cue": MissingCue,
    "range-of-motion": RangeOfMotionCheck,
    "regress-with-pain": RegressWithPain,
    "unknown-exercise": UnknownExercise,
    "missing-part": MissingPart,
    "glute-sessions": GluteSessions,
    "weekly-work": WeeklyWork,
    "consecutive-glute-days": ConsecutiveGluteDays,
    "load-jump": LoadJump,
    "first-load": FirstLoad,
    "workload-ratio": WorkloadRatio,
    "group-present": GroupPresent,
    "input-notes": InputNotes,
}
