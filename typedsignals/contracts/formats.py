"""Findings rendered for people (``text``), tools (``json``) and GitHub Actions (``github``)."""

from __future__ import annotations

import json
from collections.abc import Callable

from typedsignals.contracts.rules import Finding, Severity

__all__ = ["FORMATS", "render_github", "render_json", "render_text"]

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_text(findings: list[Finding], against: str) -> str:
    """One line per finding, then a count: ``error field-removed sig /properties/x: …``."""
    if not findings:
        return f"no payload contract changes against {against}"
    lines = [
        f"{f.severity.label:<7} {f.rule:<22} {f.signal} {f.pointer or '/'}: {f.message}"
        for f in findings
    ]
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    summary = ", ".join(
        _count(counts[severity], severity.label) for severity in sorted(Severity, reverse=True)
    )
    lines.append(f"{_count(len(findings), 'change')} against {against}: {summary}")
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    """``1 error``, ``2 errors``; ``info`` has no plural."""
    return f"{number} {noun}{'s' if number != 1 and noun != 'info' else ''}"


def render_json(findings: list[Finding], against: str) -> str:
    """``{"against": …, "findings": [{"rule", "severity", "signal", "pointer", "message"}]}``."""
    document = {"against": against, "findings": [finding.to_json() for finding in findings]}
    return json.dumps(document, indent=2)


def render_github(findings: list[Finding], against: str) -> str:
    """GitHub Actions workflow commands: one annotation per finding, titled with its rule."""
    return "\n".join(
        f"::{_GITHUB_LEVEL[f.severity]} title={_escape_property(f'{f.rule} {f.signal}')}::"
        + _escape_data(f"{f.signal} {f.pointer or '/'}: {f.message}")
        for f in findings
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS: dict[str, Callable[[list[Finding], str], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}
