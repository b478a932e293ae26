"""Shared fixtures: one organization with an admin (owner), a teammate and a viewer,
plus an outsider in another organization whose data must stay invisible."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from kurs.goals import actions as goal_actions
from kurs.goals.models import Cycle, CycleState, Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Organization, Role, Unit, User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The fixtures create several people with passwords; proper hashing is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db) -> Organization:
    return org_actions.do_create_organization("Muster GmbH")


@pytest.fixture
def company(org) -> Unit:
    return Unit.objects.get(organization=org, parent=None)


@pytest.fixture
def owner(org) -> User:
    return org_actions.do_create_person(
        None,
        organization=org,
        email="alice@muster.example",
        name="Alice Admin",
        role=Role.ADMIN,
        password=PASSWORD,
    )


@pytest.fixture
def marketing(owner, company) -> Unit:
    return org_actions.do_create_unit(owner, name="Marketing", parent=company)


@pytest.fixture
def teammate(org, marketing) -> User:
    user = org_actions.do_create_person(
        None,
        organization=org,
        email="bob@muster.example",
        name="Bob Member",
        role=Role.MEMBER,
        password=PASSWORD,
    )
    org_actions.do_set_membership(None, unit=marketing, person=user, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def viewer(org) -> User:
    return org_actions.do_create_person(
        None,
        organization=org,
        email="vera@muster.example",
        name="Vera Viewer",
        role=Role.VIEWER,
        password=PASSWORD,
    )


@pytest.fixture
def other_org(db) -> Organization:
    return org_actions.do_create_organization("Other AG")


@pytest.fixture
def outsider(other_org) -> User:
    return org_actions.do_create_person(
        None,
        organization=other_org,
        email="oscar@other.example",
        name="Oscar Outsider",
        role=Role.ADMIN,
        password=PASSWORD,
    )


@pytest.fixture
def cycle(owner) -> Cycle:
    today = timezone.localdate()
    return goal_actions.do_create_cycle(
        owner,
        name="Current quarter",
        start=today - dt.timedelta(days=45),
        end=today + dt.timedelta(days=45),
        kind="quarter",
        state=CycleState.ACTIVE,
    )


@pytest.fixture
def objective(owner, teammate, cycle, marketing) -> Objective:
    objective = goal_actions.do_create_objective(
        owner,
        cycle=cycle,
        unit=marketing,
        owner=teammate,
        title="Make our leads noticeably better",
    )
    goal_actions.do_create_key_result(
        owner,
        objective,
        title="Raise lead-to-offer rate from 12 to 20 per 100 leads",
        metric="increase",
        start=12,
        target=20,
        unit_label="per 100",
    )
    return objective


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
