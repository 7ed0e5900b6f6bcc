"""Mistakes ``mypy --strict`` must catch: each line marked ``# error`` is reported.

``tests/test_typing.py`` type-checks this module with ``user_style.py`` and compares the
lines mypy reports with the marked ones. It is never run.
"""

from __future__ import annotations

from backsafe import Block, Plan, Profile, Session, Symptom, Week

Block(exercise="plank", sets="3", duration_s=30)  # error
Block(exercise="plank", sets=3, duration_s=30, range_of_motion=2)  # error
Session(day=1, blocks=[{"exercise": "plank"}])  # error
Week(sessions=Session(day=1))  # error
Plan(weeks=[Week()], name=3)  # error
Profile(conditions=[1])  # error
Symptom(kind=None)  # error
Plan()  # error
weeks: list[Week] = Plan(weeks=[Week()]).weeks  # error
