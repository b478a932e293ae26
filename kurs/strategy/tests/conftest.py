"""Fixtures for the strategy tests.

The browser fixtures (a session-wide Chromium, a context and a page per test) come from
kurs.testing.browser and share their Chromium with the goals app's browser tests.
"""

import contextlib
import datetime as dt

import pytest
from django.utils import timezone

from kurs.conftest import PASSWORD
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Organization, Role, Unit, User
from kurs.strategy import actions
from kurs.strategy.models import StrategyPeriod

# Without Playwright that module skips itself on import; the browser tests then skip too.
with contextlib.suppress(pytest.skip.Exception):
    from kurs.testing.browser import browser, context, page  # noqa: F401


@pytest.fixture
def period(owner: User, org: Organization) -> StrategyPeriod:
    """This year as a strategy period, with both frameworks in use."""
    actions.do_set_frameworks(owner, org, "both")
    today = timezone.localdate()
    return actions.do_create_period(
        owner,
        name="This year",
        start=today - dt.timedelta(days=180),
        end=today + dt.timedelta(days=185),
    )


@pytest.fixture
def seo(owner: User, marketing: Unit) -> Unit:
    return org_actions.do_create_unit(owner, name="SEO", parent=marketing)


@pytest.fixture
def sales(owner: User, company: Unit) -> Unit:
    return org_actions.do_create_unit(owner, name="Sales", parent=company)


@pytest.fixture
def lead(org: Organization, marketing: Unit) -> User:
    """The lead of Marketing, an ordinary member of the organization otherwise."""
    person = org_actions.do_create_person(
        None,
        organization=org,
        email="lena@muster.example",
        name="Lena Lead",
        role=Role.MEMBER,
        password=PASSWORD,
    )
    org_actions.do_set_membership(None, unit=marketing, person=person, role=MembershipRole.LEAD)
    return person
