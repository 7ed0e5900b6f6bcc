"""Facts: what one pass over a plan derives, shared by every rule of a check.

The engine derives the facts of a plan, a profile and the symptoms once per check, and
every rule reads them: built-in rules and third-party Python rules alike. Facts are
plain, frozen records; they describe and never judge. What counts as glute work, core
work, a warm-up or a cool-down is decided here, once (see `ExerciseFacts`), from the
catalog and the packs' data (an exercise group's ``glute`` flag).

- `ExerciseFacts`: what an exercise name counts as.
- `SessionFacts`, `WeekFacts`, `PlanFacts`: the plan, session by session and week by
  week, its load series (`LoadPoint`) and the exercise groups it uses (`GroupUse`),
  with `BlockRef` saying where a block is.
- `ProfileFacts`: the profile, as the rules ask about it.
- `Triage`: the symptoms, as triage asks about them; `area_of`, `side_of` and
  `on_both_sides` read where a symptom is, whatever spelling the report used.
"""

from backsafe.facts._exercise import MUSCLE_BITS, ExerciseFacts, exercise_facts, muscle_bits
from backsafe.facts._plan import BlockRef, GroupUse, LoadPoint, PlanFacts, SessionFacts, WeekFacts
from backsafe.facts._profile import ProfileFacts
from backsafe.facts._symptoms import LEG_AREAS, Triage, area_of, on_both_sides, side_of

__all__ = [
    "LEG_AREAS",
    "MUSCLE_BITS",
    "BlockRef",
    "ExerciseFacts",
    "GroupUse",
    "LoadPoint",
    "PlanFacts",
    "ProfileFacts",
    "SessionFacts",
    "Triage",
    "WeekFacts",
    "area_of",
    "exercise_facts",
    "muscle_bits",
    "on_both_sides",
    "side_of",
]
