"""The tally of a run over many plans: plans per verdict, the most frequent codes, the exit code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from backsafe._input_error import printable
from backsafe.cli._exit import ExitCode
from backsafe.report import Level

__all__ = ["PRECEDENCE", "TOP_CODES", "Tally", "worst"]

#: How many codes the summary lists.
TOP_CODES = 10
#: The exit codes of many plans, the one that wins first: unusable input, as one plan's
#: check would say before it checks anything, then an incomplete check, then a verdict at
#: or above ``--fail-on``.
PRECEDENCE = (ExitCode.USAGE, ExitCode.INCOMPLETE, ExitCode.FAILED, ExitCode.OK)


def worst(codes: Mapping[ExitCode, int] | Counter[ExitCode]) -> ExitCode:
    """The exit code of a run whose plans would exit with ``codes`` (code -> plans)."""
    return next((code for code in PRECEDENCE if codes.get(code)), ExitCode.OK)


class Tally:
    """What a run has found so far, plan by plan (kept in the parent process)."""

    def __init__(self, fail_on: Level) -> None:
        self.fail_on = fail_on
        self.plans = 0
        self.verdicts: Counter[Level] = Counter()
        self.unusable = 0
        self.incomplete = 0
        self.exits: Counter[ExitCode] = Counter()
        self.code_plans: Counter[str] = Counter()
        self.code_findings: Counter[str] = Counter()

    def add(self, verdict: Level | None, *, complete: bool, codes: Mapping[str, int]) -> ExitCode:
        """Count one plan (``verdict`` ``None``: unusable input); return its exit code."""
        self.plans += 1
        if verdict is None:
            code = ExitCode.USAGE
            self.unusable += 1
        else:
            self.verdicts[verdict] += 1
            self.code_plans.update(codes.keys())
            self.code_findings.update(codes)
            if not complete:
                self.incomplete += 1
                code = ExitCode.INCOMPLETE
            else:
                code = ExitCode.FAILED if verdict >= self.fail_on else ExitCode.OK
        self.exits[code] += 1
        return code

    @property
    def exit_code(self) -> ExitCode:
        """The exit code of the run: see `PRECEDENCE`."""
        return worst(self.exits)

    def headline(self) -> str:
        """One line: how many plans, per verdict, unusable and incomplete."""
        parts = [f"{n} {level.value}" for level, n in sorted(self.verdicts.items(), reverse=True)]
        if self.unusable:
            parts.append(f"{self.unusable} unusable input")
        line = f"{self.plans} plan{'s' if self.plans != 1 else ''}: {', '.join(parts) or 'none'}"
        if self.incomplete:
            line += f" ({self.incomplete} check{'s' if self.incomplete != 1 else ''} incomplete)"
        return line

    def render(self, names: Mapping[str, str]) -> str:
        """The summary table; ``names`` gives each code's rule name."""
        lines = [self.headline(), "", f"{'verdict':<16}{'plans':>7}"]
        for level, count in sorted(self.verdicts.items(), reverse=True):
            lines.append(f"{level.value:<16}{count:>7}")
        if self.unusable:
            lines.append(f"{'unusable input':<16}{self.unusable:>7}")
        if self.incomplete:
            lines.append(f"{'incomplete':<16}{self.incomplete:>7}  (also counted by verdict)")
        if self.code_plans:
            top = sorted(
                self.code_plans, key=lambda c: (-self.code_plans[c], -self.code_findings[c], c)
            )
            shown = top[:TOP_CODES]
            width = max(len("rule"), *(len(printable(names.get(code, ""))) for code in shown))
            codes = max(len("code"), *(len(printable(code)) for code in shown))
            lines += [
                "",
                f"{'code':<{codes}}  {'rule':<{width}}  {'plans':>6}  {'findings':>8}",
            ]
            for code in shown:
                lines.append(
                    f"{printable(code):<{codes}}  {printable(names.get(code, '')):<{width}}"
                    f"  {self.code_plans[code]:>6}  {self.code_findings[code]:>8}"
                )
            if len(top) > len(shown):
                lines.append(f"(the {len(shown)} most frequent of {len(top)} codes)")
        elif self.verdicts:
            lines += ["", "no findings"]
        return "\n".join(lines) + "\n"
