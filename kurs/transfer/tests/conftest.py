"""Fixtures for import and export: a Sales unit with an objective to align to, and OKR files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kurs.goals import actions as goal_actions
from kurs.goals.models import Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Unit


@pytest.fixture
def sales(owner, company) -> Unit:
    return org_actions.do_create_unit(owner, name="Sales", parent=company)


@pytest.fixture
def sales_objective(owner, cycle, sales) -> Objective:
    objective = goal_actions.do_create_objective(
        owner,
        cycle=cycle,
        unit=sales,
        owner=owner,
        title="Grow revenue with mid-sized companies",
    )
    goal_actions.do_create_key_result(
        owner,
        objective,
        title="Win 40 new mid-sized customers",
        metric="increase",
        start=0,
        target=40,
        unit_label="customers",
    )
    return objective


MARKETING_FILE = """\
cycle: Current quarter
unit: Marketing
objectives:
  - title: Make our leads noticeably better
    kind: committed
    origin: top_down
    owner: bob@muster.example
    description: Sales wants leads that turn into offers.
    aligned_to: ["Sales: Grow revenue with mid-sized companies"]
    key_results:
      - title: Raise the lead-to-offer rate from 12 to 20 per 100 leads
        metric: increase
        start: 12
        target: 20
        unit: per 100
      - title: Cut the time to the first call from 48 to 24 hours
        metric: decrease
        start: 48
        target: 24
        unit: hours
        owner: alice@muster.example
  - title: Be known as the experts for mid-sized logistics
    aligned_to: "Sales: Win 40 new mid-sized customers"
    key_results:
      - title: Keep the cost per lead between 80 and 120 euros
        metric: range
        start: 80
        target: 120
        unit: €
      - title: Publish the logistics benchmark study
        metric: milestone
"""


@pytest.fixture
def write_file(tmp_path):
    def write(text: str, name: str = "marketing.yaml") -> Path:
        path: Path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def marketing_file(write_file, teammate, sales_objective):
    return write_file(MARKETING_FILE)
