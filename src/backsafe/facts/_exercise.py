"""What the facts need to know about one exercise name, worked out once per name."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import attrs

from backsafe.catalog import Exercise, Muscle, Role

__all__ = ["MUSCLE_BITS", "ExerciseFacts", "exercise_facts", "muscle_bits"]

#: One bit per muscle group, so a week's worked muscles are one integer.
MUSCLE_BITS: Mapping[Muscle, int] = {muscle: 1 << index for index, muscle in enumerate(Muscle)}

_CORE_MUSCLES = (Muscle.ABDOMINALS, Muscle.LOWER_BACK)
_WARMING = (Role.WARM_UP, Role.CONDITIONING)


def muscle_bits(muscles: Collection[Muscle]) -> int:
    """The bits of ``muscles``: ``MUSCLE_BITS`` or-ed together."""
    bits = 0
    for muscle in muscles:
        bits |= MUSCLE_BITS[muscle]
    return bits


@attrs.frozen
class ExerciseFacts:
    """What one exercise name counts as, for every rule.

    ``exercise`` is ``None`` for a name the catalog cannot resolve; ``id`` is then the
    name itself. ``judged_as`` is the exercise the name is judged as: the resolved one,
    or for an unresolved name the risky exercise it most likely is
    (`backsafe.catalog.Catalog.presume`: "Romanian Deadlift w/ DBs" is judged as a
    Romanian deadlift), or ``None``; the flags describe ``judged_as`` and are all false
    without it. A presumed exercise counts as strength and glute work, never as core,
    warm-up, cool-down or muscle work (a presumption only ever adds risk). ``family`` is
    the movement the name's loads are followed under: the family of ``judged_as`` (hip
    thrust variants together), or ``id``.

    - ``strength``: strength or core work (it counts as training, and for the muscles).
    - ``glute``: glute work: strength exercises of the glute groups of the packs (the
      guide's five groups, in the default pack), or with the glutes among their primary
      muscles. A leg press or a Nordic curl works the glutes only secondarily.
    - ``core``: core and lower-back strengthening: core exercises, or strength work for
      the abdominals and lower back only. A deadlift works the lower back too, but it is
      what the guide warns about, not the protection.
    - ``warms_up``: an item that prepares for training (warm-up items, conditioning).
    - ``cools_down``: a cool-down item (static stretches, foam rolling).
    - ``muscles``: a bit per primary muscle of strength work (see `MUSCLE_BITS`).
    """

    name: str
    exercise: Exercise | None
    id: str
    judged_as: Exercise | None = None
    family: str = ""
    strength: bool = False
    glute: bool = False
    core: bool = False
    warms_up: bool = False
    cools_down: bool = False
    muscles: int = 0

    @property
    def group(self) -> str | None:
        """The group of the exercise judged (``None``: none, or nothing judged)."""
        return None if self.judged_as is None else self.judged_as.group

    @property
    def role(self) -> Role | None:
        """The role of the exercise judged (``None`` when nothing is judged)."""
        return None if self.judged_as is None else self.judged_as.role

    def works(self, muscle: Muscle) -> bool:
        """Whether this is strength work with ``muscle`` as a primary muscle."""
        return bool(self.muscles & MUSCLE_BITS[muscle])


def exercise_facts(
    name: str,
    exercise: Exercise | None,
    glute_groups: Collection[str],
    presumed: Exercise | None = None,
) -> ExerciseFacts:
    """The `ExerciseFacts` of ``name``, resolved to ``exercise``.

    ``glute_groups`` are the exercise groups whose strength exercises count as glute work
    whatever their muscles (pack data: a group's ``glute`` flag). ``presumed`` is the
    exercise an unresolved name is judged as (ignored when ``exercise`` is given).
    """
    judged = exercise if exercise is not None else presumed
    if judged is None:
        return ExerciseFacts(name, None, name, family=name)
    role = judged.role
    primary = judged.primary_muscles
    strength = role is Role.STRENGTH or role is Role.CORE
    core = role is Role.CORE or (
        role is Role.STRENGTH
        and judged.group is None
        and bool(primary)
        and all(m in _CORE_MUSCLES for m in primary)
    )
    glute = role is Role.STRENGTH and (judged.group in glute_groups or Muscle.GLUTES in primary)
    if exercise is None:
        # A presumption only ever adds risk: a name judged as a deadlift counts as glute
        # and strength work (sessions, volume, loads), never as the core, warm-up,
        # cool-down or muscle work whose absence other rules report.
        return ExerciseFacts(
            name,
            None,
            name,
            judged,
            judged.family or judged.id,
            strength=strength,
            glute=glute,
        )
    return ExerciseFacts(
        name,
        exercise,
        exercise.id,
        judged,
        judged.family or judged.id,
        strength=strength,
        glute=glute,
        core=core,
        warms_up=role in _WARMING,
        cools_down=role is Role.COOL_DOWN,
        muscles=muscle_bits(primary) if strength else 0,
    )
