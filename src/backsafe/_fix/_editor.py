"""A working copy of a plan that fix edits, then freezes into a new `Plan`.

Only the sessions an edit touches are copied; every other week, session and block is the
original object, so whatever no edit touched is kept exactly.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from backsafe.model import Block, Plan, Session
from backsafe.report import Part

__all__ = ["Draft", "Editor"]


@attrs.define
class Draft:
    """A session being edited: its day and its parts as lists (``None``: a removed block)."""

    session: Session
    day: int
    parts: dict[Part, list[Block | None]]
    removed: bool = False

    @classmethod
    def of(cls, session: Session) -> Draft:
        """A draft of ``session``, unchanged."""
        return cls(
            session,
            session.day,
            {
                Part.WARM_UP: list(session.warm_up),
                Part.BLOCKS: list(session.blocks),
                Part.COOL_DOWN: list(session.cool_down),
            },
        )

    def items(self) -> list[tuple[Part, Block]]:
        """Every block still in the session, with its part."""
        return [(part, b) for part, blocks in self.parts.items() for b in blocks if b is not None]

    def freeze(self) -> Session:
        """The edited session (the original object when nothing changed)."""
        parts = {
            part: tuple(b for b in blocks if b is not None) for part, blocks in self.parts.items()
        }
        session = self.session
        if (
            self.day == session.day
            and parts[Part.WARM_UP] == session.warm_up
            and parts[Part.BLOCKS] == session.blocks
            and parts[Part.COOL_DOWN] == session.cool_down
        ):
            return session
        return attrs.evolve(
            session,
            day=self.day,
            warm_up=parts[Part.WARM_UP],
            blocks=parts[Part.BLOCKS],
            cool_down=parts[Part.COOL_DOWN],
        )


class Editor:
    """Edits of one plan, addressed by 0-based week and session index and 1-based block.

    Indices refer to the plan as given: removing a block or a session leaves a gap until
    `build`, so the edits of one round never shift each other's targets.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._drafts: dict[tuple[int, int], Draft] = {}

    def draft(self, week: int, session: int) -> Draft:
        """The draft of a session (made on first use)."""
        key = (week, session)
        draft = self._drafts.get(key)
        if draft is None:
            draft = self._drafts[key] = Draft.of(self.plan.weeks[week].sessions[session])
        return draft

    def current(self, week: int, session: int) -> Session | Draft:
        """The draft of a session if it is being edited, else the session itself."""
        return self._drafts.get((week, session)) or self.plan.weeks[week].sessions[session]

    def removed(self, week: int, session: int) -> bool:
        """Whether an edit removed the session."""
        draft = self._drafts.get((week, session))
        return draft is not None and draft.removed

    def block(self, week: int, session: int, part: Part, block: int) -> Block | None:
        """The block at a position, as edited so far (``None`` when removed or absent)."""
        blocks = self.draft(week, session).parts[part] if (week, session) in self._drafts else None
        if blocks is None:
            original = getattr(self.plan.weeks[week].sessions[session], part.value)
            return original[block - 1] if 1 <= block <= len(original) else None
        return blocks[block - 1] if 1 <= block <= len(blocks) else None

    def change(
        self, week: int, session: int, part: Part, block: int, how: Callable[[Block], Block]
    ) -> bool:
        """Replace the block at a position by ``how(block)``; whether anything changed."""
        current = self.block(week, session, part, block)
        if current is None:
            return False
        new = how(current)
        if new == current:
            return False
        self.draft(week, session).parts[part][block - 1] = new
        return True

    def remove(self, week: int, session: int, part: Part, block: int) -> bool:
        """Remove the block at a position; whether there was one."""
        if self.block(week, session, part, block) is None:
            return False
        self.draft(week, session).parts[part][block - 1] = None
        return True

    def add(self, week: int, session: int, part: Part, blocks: list[Block]) -> None:
        """Append ``blocks`` to a part of a session."""
        self.draft(week, session).parts[part].extend(blocks)

    def build(self) -> Plan:
        """The edited plan (the original object when nothing changed)."""
        if not self._drafts:
            return self.plan
        weeks = list(self.plan.weeks)
        touched = sorted({week for week, _ in self._drafts})
        for number in touched:
            week = self.plan.weeks[number]
            sessions = []
            for index, session in enumerate(week.sessions):
                draft = self._drafts.get((number, index))
                if draft is None:
                    sessions.append(session)
                elif not draft.removed:
                    sessions.append(draft.freeze())
            if len(sessions) != len(week.sessions) or any(
                new is not old for new, old in zip(sessions, week.sessions, strict=False)
            ):
                weeks[number] = attrs.evolve(week, sessions=tuple(sessions))
        if all(new is old for new, old in zip(weeks, self.plan.weeks, strict=True)):
            return self.plan
        return attrs.evolve(self.plan, weeks=tuple(weeks))
