"""The decision tools by slug: one slug for each tool's rules, module, page and tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import attendance, home_host, joint_investigation, mash_routing, missing_child, outcomes, seen_alone

Adviser = Callable[[str | None, Mapping[str, Any] | None], list[dict[str, Any]]]

ADVISERS: dict[str, Adviser] = {
    joint_investigation.SLUG: joint_investigation.advise,
    seen_alone.SLUG: seen_alone.advise,
    attendance.SLUG: attendance.advise,
    home_host.SLUG: home_host.advise,
    missing_child.SLUG: missing_child.advise,
    mash_routing.SLUG: mash_routing.advise,
    outcomes.SLUG: outcomes.advise,
}
