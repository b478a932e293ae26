"""Who may change what, checked through the actions (the only way anything is written),
plus the organization actions: units, people and API tokens.

The rules (kurs.orgs.permissions): an org admin may do everything in the organization;
a unit lead may edit objectives of their unit and the units below it; a member may
create objectives in their units and edit what they own; a viewer only reads; nobody
touches another organization's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from kurs.goals import actions as goals
from kurs.goals.models import (
    Alignment,
    AuditEvent,
    CheckIn,
    Cycle,
    CycleState,
    Initiative,
    KeyResult,
    Objective,
)
from kurs.goals.scoring import Status
from kurs.orgs import actions as orgs
from kurs.orgs.models import (
    ApiToken,
    Membership,
    MembershipRole,
    Organization,
    Role,
    Unit,
    User,
    hash_token,
)

PASSWORD = "correct-horse-battery-staple"


def row_counts() -> dict[str, int]:
    models = (
        Organization,
        Unit,
        User,
        Membership,
        ApiToken,
        Cycle,
        Objective,
        KeyResult,
        CheckIn,
        Alignment,
        Initiative,
        AuditEvent,
    )
    return {model.__name__: model.objects.count() for model in models}


def reloaded(user: User) -> User:
    """A fresh instance, as the next request would have (permission lookups are cached)."""
    return User.objects.get(pk=user.pk)


def person(org: Organization, email: str, name: str, role: str = Role.MEMBER) -> User:
    return orgs.do_create_person(
        None, organization=org, email=email, name=name, role=role, password=PASSWORD
    )


# A small company ---------------------------------------------------------------------------
#
#   Muster GmbH (company)
#   ├── Marketing      lead: Lena; members: Bob (teammate), Carol
#   │   └── Content
#   └── Sales


@pytest.fixture
def sales(owner, company) -> Unit:
    return orgs.do_create_unit(owner, name="Sales", parent=company)


@pytest.fixture
def content(owner, marketing) -> Unit:
    return orgs.do_create_unit(owner, name="Content", parent=marketing)


@pytest.fixture
def lead(org, marketing) -> User:
    lena = person(org, "lena@muster.example", "Lena Lead")
    orgs.do_set_membership(None, unit=marketing, person=lena, role=MembershipRole.LEAD)
    return lena


@pytest.fixture
def carol(org, marketing) -> User:
    user = person(org, "carol@muster.example", "Carol Colleague")
    orgs.do_set_membership(None, unit=marketing, person=user, role=MembershipRole.MEMBER)
    return user


def make_objective(owner: User, cycle: Cycle, unit: Unit, holder: User, title: str) -> Objective:
    objective = goals.do_create_objective(owner, cycle=cycle, unit=unit, owner=holder, title=title)
    goals.do_create_key_result(owner, objective, title=f"{title}: KR", start=0, target=10)
    return objective


@pytest.fixture
def carols_objective(owner, cycle, marketing, carol) -> Objective:
    return make_objective(owner, cycle, marketing, carol, "Carol's objective")


@pytest.fixture
def company_objective(owner, cycle, company) -> Objective:
    return make_objective(owner, cycle, company, owner, "Company objective")


@pytest.fixture
def content_objective(owner, cycle, content, carol) -> Objective:
    return make_objective(owner, cycle, content, carol, "Content objective")


@pytest.fixture
def sales_objective(owner, cycle, sales) -> Objective:
    return make_objective(owner, cycle, sales, owner, "Sales objective")


def kr_of(objective: Objective) -> KeyResult:
    return objective.key_results.order_by("pk").first()  # type: ignore[return-value]


def objective_edits(actor: User, objective: Objective) -> dict[str, Callable[[], Any]]:
    """Every kind of write on an objective and its key result."""
    key_result = kr_of(objective)
    return {
        "update objective": lambda: goals.do_update_objective(actor, objective, title="Changed"),
        "add key result": lambda: goals.do_create_key_result(
            actor, objective, title="New KR", start=0, target=1
        ),
        "update key result": lambda: goals.do_update_key_result(actor, key_result, target=20),
        "check in": lambda: goals.do_check_in(actor, key_result, value=5),
        "retire key result": lambda: goals.do_retire_key_result(actor, key_result, reason="r"),
        "delete key result": lambda: goals.do_delete_key_result(actor, key_result),
        "add action": lambda: goals.do_create_initiative(actor, objective, title="Do it"),
        "retire objective": lambda: goals.do_retire_objective(actor, objective, reason="r"),
        "delete objective": lambda: goals.do_delete_objective(actor, objective),
    }


def assert_denied_everywhere(actor: User, objective: Objective) -> None:
    before = row_counts()
    for name, attempt in objective_edits(actor, objective).items():
        with pytest.raises(PermissionDenied):
            attempt()
            pytest.fail(f"{actor} could {name}")
    assert row_counts() == before
    stored = Objective.objects.get(pk=objective.pk)
    assert stored.title == objective.title and stored.is_active


def assert_allowed_everywhere(actor: User, objective: Objective) -> None:
    """Each write succeeds (run in an order where the next still makes sense)."""
    edits = objective_edits(actor, objective)
    for name in [
        "update objective",
        "add key result",
        "update key result",
        "check in",
        "add action",
        "retire key result",
        "delete key result",
        "retire objective",
    ]:
        edits[name]()
    assert Objective.objects.get(pk=objective.pk).title == "Changed"
    assert AuditEvent.objects.filter(objective=objective, actor=actor).count() >= 7


# Org admin -----------------------------------------------------------------------------------


def test_admin_can_do_everything(
    owner, teammate, org, company, marketing, cycle, objective, content_objective
):
    # objectives and key results owned by others, anywhere in the tree
    assert_allowed_everywhere(owner, objective)
    goals.do_delete_objective(owner, content_objective)
    assert not Objective.objects.filter(pk=content_objective.pk).exists()
    # the organization itself
    unit = orgs.do_create_unit(owner, name="Research", parent=company)
    orgs.do_update_unit(owner, unit, name="R&D", parent=marketing)
    newcomer = orgs.do_create_person(
        owner, organization=org, email="nina@muster.example", name="Nina New"
    )
    orgs.do_set_membership(owner, unit=unit, person=newcomer, role=MembershipRole.LEAD)
    orgs.do_update_person(owner, newcomer, name="Nina", role=Role.VIEWER, is_active=True)
    orgs.do_set_password(owner, teammate, "another-long-passphrase-42")
    orgs.do_update_thresholds(owner, org, at_risk_gap=0.05, off_track_gap=0.2)
    today = timezone.localdate()
    next_cycle = goals.do_create_cycle(
        owner,
        name="Next",
        start=today + dt.timedelta(days=50),
        end=today + dt.timedelta(days=140),
        kind="quarter",
        state=CycleState.PLANNING,
    )
    goals.do_close_cycle(owner, cycle)
    assert Cycle.objects.get(pk=cycle.pk).is_closed
    assert Cycle.objects.get(pk=next_cycle.pk).state == CycleState.PLANNING
    assert Unit.objects.get(pk=unit.pk).parent == marketing


def test_admin_cannot_take_away_their_own_admin_rights(owner):
    for role, active in [(Role.MEMBER, True), (Role.ADMIN, False)]:
        with pytest.raises(ValidationError) as excinfo:
            orgs.do_update_person(owner, owner, name=owner.name, role=role, is_active=active)
        assert "role" in excinfo.value.message_dict
    stored = reloaded(owner)
    assert stored.role == Role.ADMIN and stored.is_active


# Members ---------------------------------------------------------------------------------------


def test_member_creates_objectives_in_their_unit_only(
    teammate, cycle, marketing, company, sales, content
):
    objective = goals.do_create_objective(
        teammate, cycle=cycle, unit=marketing, owner=teammate, title="Ours"
    )
    assert objective.unit == marketing
    before = row_counts()
    for unit in (company, sales, content):  # above, beside and below their unit
        with pytest.raises(PermissionDenied):
            goals.do_create_objective(
                teammate, cycle=cycle, unit=unit, owner=teammate, title="Not ours"
            )
    assert row_counts() == before


def test_member_edits_their_own_objective_and_key_results(teammate, objective):
    assert objective.owner == teammate
    assert_allowed_everywhere(teammate, objective)


def test_member_cannot_edit_or_check_in_on_a_colleagues_objective(teammate, carols_objective):
    assert_denied_everywhere(teammate, carols_objective)


def test_member_cannot_move_their_objective_to_a_unit_they_do_not_belong_to(
    teammate, objective, sales
):
    with pytest.raises(PermissionDenied):
        goals.do_update_objective(teammate, objective, unit=sales)
    assert Objective.objects.get(pk=objective.pk).unit.name == "Marketing"


def test_member_checks_in_on_a_key_result_they_own_in_someone_elses_objective(
    owner, teammate, sales_objective
):
    # Given Bob owns one key result of the sales objective
    mine = goals.do_create_key_result(
        owner, sales_objective, title="Bob's part", start=0, target=4, owner=teammate
    )
    # Then he can check in on it and adjust it
    goals.do_check_in(teammate, mine, value=2)
    goals.do_update_key_result(teammate, mine, title="Bob's part, clarified")
    mine.refresh_from_db()
    assert mine.current == 2 and mine.title == "Bob's part, clarified"
    # but not on the other key result, nor on the objective itself
    with pytest.raises(PermissionDenied):
        goals.do_check_in(teammate, kr_of(sales_objective), value=2)
    with pytest.raises(PermissionDenied):
        goals.do_update_objective(teammate, sales_objective, title="Bob's now")
    assert kr_of(sales_objective).current is None


def test_members_do_not_manage_the_organization(org, teammate, company, marketing, cycle):
    assert_org_management_denied(reloaded(teammate), org, company, marketing, cycle)


def assert_org_management_denied(
    actor: User,
    org: Organization,
    company: Unit,
    unit: Unit,
    cycle: Cycle,
    *,
    outsider: bool = False,
) -> None:
    """No organization-level write succeeds. An outsider naming one of our units as the
    parent of a new unit is told the unit is unknown (ValidationError) rather than denied."""
    today = timezone.localdate()
    someone = User.objects.filter(organization=org).exclude(pk=actor.pk).first()
    assert someone is not None
    attempts: dict[str, Callable[[], Any]] = {
        "create unit": lambda: orgs.do_create_unit(actor, name="Mine", parent=company),
        "update unit": lambda: orgs.do_update_unit(actor, unit, name="Renamed", parent=company),
        "delete unit": lambda: orgs.do_delete_unit(actor, unit),
        "create person": lambda: orgs.do_create_person(
            actor, organization=org, email="new@muster.example", name="New"
        ),
        "update person": lambda: orgs.do_update_person(
            actor, someone, name="Renamed", role=Role.ADMIN, is_active=True
        ),
        "set password": lambda: orgs.do_set_password(actor, someone, "stolen-passphrase-123"),
        "membership": lambda: orgs.do_set_membership(
            actor, unit=unit, person=actor, role=MembershipRole.LEAD
        ),
        "thresholds": lambda: orgs.do_update_thresholds(
            actor, org, at_risk_gap=0.5, off_track_gap=0.9
        ),
        "create cycle": lambda: goals.do_create_cycle(
            actor,
            name="Mine",
            start=today,
            end=today + dt.timedelta(days=90),
            kind="quarter",
            state="planning",
        ),
        "update cycle": lambda: goals.do_update_cycle(
            actor,
            cycle,
            name="Renamed",
            start=cycle.start,
            end=cycle.end,
            kind=cycle.kind,
            state=cycle.state,
        ),
        "close cycle": lambda: goals.do_close_cycle(actor, cycle),
    }
    before = row_counts()
    if outsider:
        del attempts["create cycle"]  # a cycle they create is their own organization's
    memberships = set(Membership.objects.values_list("unit_id", "user_id", "role"))
    for name, attempt in attempts.items():
        refused: tuple[type[Exception], ...] = (PermissionDenied,)
        if outsider and name == "create unit":
            refused = (ValidationError,)
        with pytest.raises(refused):
            attempt()
            pytest.fail(f"{actor} could {name}")
    assert row_counts() == before
    assert Unit.objects.get(pk=unit.pk).name == unit.name
    assert Cycle.objects.get(pk=cycle.pk).state == cycle.state
    assert Organization.objects.get(pk=org.pk).at_risk_gap == org.at_risk_gap
    assert set(Membership.objects.values_list("unit_id", "user_id", "role")) == memberships
    assert reloaded(someone).check_password(PASSWORD)


# Unit leads ------------------------------------------------------------------------------------


def test_lead_edits_objectives_of_their_unit(lead, objective):
    assert objective.owner != lead
    assert_allowed_everywhere(lead, objective)


def test_lead_edits_objectives_of_units_below(lead, content_objective, content, cycle):
    assert_allowed_everywhere(lead, content_objective)
    created = goals.do_create_objective(
        lead, cycle=cycle, unit=content, owner=lead, title="Lead's content goal"
    )
    assert created.unit == content


def test_lead_cannot_edit_objectives_above_or_beside(
    lead, company_objective, sales_objective, cycle, sales
):
    assert_denied_everywhere(lead, company_objective)
    assert_denied_everywhere(lead, sales_objective)
    with pytest.raises(PermissionDenied):
        goals.do_create_objective(lead, cycle=cycle, unit=sales, owner=lead, title="Sales?")


def test_a_new_lead_gets_the_rights_on_their_next_request(owner, carol, objective):
    with pytest.raises(PermissionDenied):
        goals.do_update_objective(carol, objective, title="Carol's take")
    orgs.do_set_membership(owner, unit=objective.unit, person=carol, role=MembershipRole.LEAD)
    goals.do_update_objective(reloaded(carol), objective, title="Carol's take")
    assert Objective.objects.get(pk=objective.pk).title == "Carol's take"


# Viewers and deactivated people -------------------------------------------------------------


@pytest.fixture
def viewers_objective(owner, viewer, cycle, marketing) -> tuple[Objective, Initiative]:
    """An objective, key result and action that all name the viewer as owner."""
    orgs.do_set_membership(owner, unit=marketing, person=viewer, role=MembershipRole.LEAD)
    objective = make_objective(owner, cycle, marketing, viewer, "Viewer's objective")
    initiative = goals.do_create_initiative(owner, objective, title="Viewer's action", owner=viewer)
    return objective, initiative


def test_viewer_cannot_write_anything(
    org, viewer, company, marketing, cycle, objective, viewers_objective
):
    # Even as lead of the unit and owner of the objective, key result and action
    viewer = reloaded(viewer)
    own_objective, own_action = viewers_objective
    assert_denied_everywhere(viewer, own_objective)
    assert_denied_everywhere(viewer, objective)
    with pytest.raises(PermissionDenied):
        goals.do_create_objective(
            viewer, cycle=cycle, unit=marketing, owner=viewer, title="Viewer writes"
        )
    with pytest.raises(PermissionDenied):
        goals.do_set_initiative_done(viewer, own_action, done=True)
    assert not Initiative.objects.get(pk=own_action.pk).done
    assert_org_management_denied(viewer, org, company, marketing, cycle)


def test_deactivated_people_cannot_write(owner, teammate, objective):
    orgs.do_update_person(owner, teammate, name=teammate.name, role=Role.MEMBER, is_active=False)
    assert_denied_everywhere(reloaded(teammate), objective)


def test_action_owner_ticks_off_their_action_without_editing_the_objective(owner, carol, objective):
    initiative = goals.do_create_initiative(owner, objective, title="Carol's task", owner=carol)
    goals.do_set_initiative_done(carol, initiative, done=True)
    assert Initiative.objects.get(pk=initiative.pk).done
    with pytest.raises(PermissionDenied):
        goals.do_update_objective(carol, objective, title="Carol's")


# Other organizations --------------------------------------------------------------------


def test_outsider_cannot_touch_our_objects(
    org, outsider, teammate, company, marketing, cycle, objective
):
    # An admin of another organization: their rights end at their organization
    assert_denied_everywhere(outsider, objective)
    assert_org_management_denied(outsider, org, company, marketing, cycle, outsider=True)
    initiative = goals.do_create_initiative(teammate, objective, title="Ours")
    _token, raw = orgs.do_create_token(teammate, "CI")
    before = row_counts()
    with pytest.raises(PermissionDenied):
        goals.do_set_initiative_done(outsider, initiative, done=True)
    with pytest.raises(PermissionDenied):
        orgs.do_revoke_token(outsider, ApiToken.objects.get(user=teammate))
    # Creating in our unit or cycle does not even confirm they exist
    with pytest.raises(ValidationError) as excinfo:
        goals.do_create_objective(
            outsider, cycle=cycle, unit=marketing, owner=outsider, title="Hostile"
        )
    assert "unit_id" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        orgs.do_create_unit(outsider, name="Hostile", parent=marketing)
    assert "parent" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        orgs.do_set_membership(None, unit=marketing, person=outsider, role=MembershipRole.LEAD)
    assert row_counts() == before
    assert orgs.authenticate_token(raw) == teammate


# Reading: visible_to ---------------------------------------------------------------------


@pytest.fixture
def both_worlds(teammate, objective, outsider, other_org):
    """One of everything in our organization and in theirs."""
    key_result = kr_of(objective)
    goals.do_check_in(teammate, key_result, value=15)
    goals.do_create_initiative(teammate, objective, title="Ours")
    their_unit = Unit.objects.get(organization=other_org, parent=None)
    today = timezone.localdate()
    their_cycle = goals.do_create_cycle(
        outsider,
        name="Current quarter",
        start=today,
        end=today + dt.timedelta(days=90),
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    theirs = make_objective(outsider, their_cycle, their_unit, outsider, "Theirs")
    goals.do_check_in(outsider, kr_of(theirs), value=3)
    goals.do_create_initiative(outsider, theirs, title="Theirs")


@pytest.mark.parametrize(
    "model", [Unit, Cycle, Objective, KeyResult, CheckIn, Initiative, AuditEvent]
)
def test_everyone_reads_their_own_organization_only(both_worlds, model, owner, viewer, outsider):
    ours = model.objects.visible_to(viewer)
    theirs = model.objects.visible_to(outsider)
    assert ours.exists() and theirs.exists()
    assert not set(ours.values_list("pk", flat=True)) & set(theirs.values_list("pk", flat=True))
    assert ours.count() + theirs.count() == model.objects.count()
    assert set(ours) == set(model.objects.visible_to(owner))


@pytest.mark.parametrize("model", [Unit, Cycle, Objective, KeyResult, CheckIn])
def test_anonymous_and_organizationless_users_read_nothing(both_worlds, model):
    assert not model.objects.visible_to(AnonymousUser()).exists()
    staff = User.objects.create_user("root@example.com", PASSWORD, name="Root")
    assert not model.objects.visible_to(staff).exists()


def test_objectives_of_our_org_are_found_and_theirs_are_not(both_worlds, owner, outsider):
    titles = set(Objective.objects.visible_to(owner).values_list("title", flat=True))
    assert titles == {"Make our leads noticeably better"}
    assert set(Objective.objects.visible_to(outsider).values_list("title", flat=True)) == {"Theirs"}


# Organization actions: units ---------------------------------------------------------------


def test_units_know_their_depth(owner, company, marketing, content):
    deeper = orgs.do_create_unit(owner, name="  Blog  ", parent=content)
    assert (company.depth, marketing.depth, content.depth, deeper.depth) == (0, 1, 2, 3)
    assert deeper.name == "Blog"
    assert deeper.organization_id == owner.organization_id
    assert deeper.ancestor_ids() == [content.pk, marketing.pk, company.pk]


def test_unit_names_are_unique_below_the_same_parent(owner, company, marketing, sales):
    before = row_counts()
    with pytest.raises(ValidationError):
        orgs.do_create_unit(owner, name="Marketing", parent=company)
    assert row_counts() == before
    # the same name elsewhere in the tree is fine
    assert orgs.do_create_unit(owner, name="Marketing", parent=sales).depth == 2


def test_a_unit_needs_a_parent_of_the_same_organization(owner, other_org):
    their_top = Unit.objects.get(organization=other_org, parent=None)
    for parent in (None, their_top):
        with pytest.raises(ValidationError) as excinfo:
            orgs.do_create_unit(owner, name="Floating", parent=parent)
        assert "parent" in excinfo.value.message_dict
    assert not Unit.objects.filter(name="Floating").exists()


def test_a_unit_cannot_move_below_itself(owner, company, marketing, content):
    blog = orgs.do_create_unit(owner, name="Blog", parent=content)
    for parent in (marketing, content, blog):
        with pytest.raises(ValidationError) as excinfo:
            orgs.do_update_unit(owner, marketing, name="Marketing", parent=parent)
        assert "parent" in excinfo.value.message_dict
    marketing.refresh_from_db()
    assert (marketing.parent, marketing.depth) == (company, 1)
    # the top unit stays on top
    with pytest.raises(ValidationError) as excinfo:
        orgs.do_update_unit(owner, company, name="Muster GmbH", parent=marketing)
    assert "parent" in excinfo.value.message_dict
    assert Unit.objects.get(pk=company.pk).parent is None
    # but it can be renamed
    orgs.do_update_unit(owner, company, name="Muster Group", parent=None)
    assert Unit.objects.get(pk=company.pk).name == "Muster Group"


def test_moving_a_unit_updates_the_depth_of_everything_below(
    owner, company, marketing, content, sales
):
    blog = orgs.do_create_unit(owner, name="Blog", parent=content)
    # deeper
    orgs.do_update_unit(owner, marketing, name="Marketing", parent=sales)
    depths = dict(Unit.objects.values_list("name", "depth"))
    assert depths == {"Muster GmbH": 0, "Sales": 1, "Marketing": 2, "Content": 3, "Blog": 4}
    # shallower
    orgs.do_update_unit(owner, content, name="Content", parent=company)
    depths = dict(Unit.objects.values_list("name", "depth"))
    assert depths == {"Muster GmbH": 0, "Sales": 1, "Marketing": 2, "Content": 1, "Blog": 2}
    blog.refresh_from_db()
    assert blog.ancestor_ids() == [content.pk, company.pk]


def test_only_empty_units_can_be_deleted(owner, company, marketing, content, objective):
    for unit in (company, marketing):  # the top unit; a unit with sub-units and objectives
        with pytest.raises(ValidationError) as excinfo:
            orgs.do_delete_unit(owner, unit)
        assert "unit" in excinfo.value.message_dict
    orgs.do_delete_unit(owner, content)
    assert set(Unit.objects.values_list("name", flat=True)) == {"Muster GmbH", "Marketing"}


# Organization actions: people ------------------------------------------------------------


@pytest.mark.parametrize(
    "email", ["bob@muster.example", "  BOB@Muster.Example ", "oscar@other.example"]
)
def test_an_email_can_belong_to_one_person_only(owner, org, teammate, outsider, email):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        orgs.do_create_person(owner, organization=org, email=email, name="Bob Again")
    assert "email" in excinfo.value.message_dict
    assert row_counts() == before


def test_new_person_without_a_password_cannot_sign_in_until_one_is_set(owner, org):
    newcomer = orgs.do_create_person(
        owner, organization=org, email=" Nina@Muster.Example ", name=" Nina New "
    )
    assert (newcomer.email, newcomer.name, newcomer.role) == (
        "nina@muster.example",
        "Nina New",
        Role.MEMBER,
    )
    assert not newcomer.has_usable_password()
    orgs.do_set_password(newcomer, newcomer, "a-long-enough-passphrase")
    assert reloaded(newcomer).check_password("a-long-enough-passphrase")


def test_weak_passwords_are_rejected_on_the_password_field(owner, org, teammate):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        orgs.do_create_person(
            owner, organization=org, email="weak@muster.example", name="Weak", password="12345678"
        )
    assert "password" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        orgs.do_set_password(teammate, teammate, "password")
    assert "password" in excinfo.value.message_dict
    assert row_counts() == before
    assert reloaded(teammate).check_password(PASSWORD)


def test_membership_role_must_be_lead_or_member(owner, marketing, teammate):
    with pytest.raises(ValidationError) as excinfo:
        orgs.do_set_membership(owner, unit=marketing, person=teammate, role="boss")
    assert "role" in excinfo.value.message_dict
    assert Membership.objects.get(unit=marketing, user=teammate).role == MembershipRole.MEMBER


def test_thresholds_change_what_counts_as_behind(owner, org, teammate, objective):
    goals.do_check_in(teammate, kr_of(objective), value=12 + 8 * 0.42)  # 8 points behind
    assert Objective.objects.with_scoring().get(pk=objective.pk).status is Status.ON_TRACK
    orgs.do_update_thresholds(owner, org, at_risk_gap=0.05, off_track_gap=0.3)
    assert Objective.objects.with_scoring().get(pk=objective.pk).status is Status.AT_RISK
    with pytest.raises(ValidationError) as excinfo:
        orgs.do_update_thresholds(owner, org, at_risk_gap=0.4, off_track_gap=0.3)
    assert "off_track_gap" in excinfo.value.message_dict
    org.refresh_from_db()
    assert (org.at_risk_gap, org.off_track_gap) == (0.05, 0.3)


# Organization actions: API tokens --------------------------------------------------------


def test_tokens_are_stored_hashed_and_authenticate_their_person(teammate):
    token, raw = orgs.do_create_token(teammate, " CI pipeline ")
    assert raw.startswith("kurs_") and len(raw) > 30
    assert token.name == "CI pipeline"
    assert token.token_hash == hash_token(raw) != raw
    # the token itself is nowhere in the database, only a short hint to tell tokens apart
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        stored = [str(value) for row in cursor.fetchall() for value in row]
    assert not any(raw in value for value in stored)
    assert raw[:12] in stored and len(token.hint) < len(raw) // 2

    assert orgs.authenticate_token(raw) == teammate
    assert orgs.authenticate_token(f"  {raw}\n") == teammate
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize("wrong", ["", "kurs_", "kurs_not-a-real-token", "x" * 200])
def test_unknown_tokens_authenticate_nobody(teammate, wrong):
    _token, raw = orgs.do_create_token(teammate)
    assert orgs.authenticate_token(wrong) is None
    assert orgs.authenticate_token(raw[:-1]) is None


def test_tokens_stop_working_when_the_person_is_deactivated_or_the_token_revoked(owner, teammate):
    token, raw = orgs.do_create_token(teammate)
    orgs.do_update_person(owner, teammate, name=teammate.name, role=Role.MEMBER, is_active=False)
    assert orgs.authenticate_token(raw) is None
    with pytest.raises(ValidationError):
        orgs.do_create_token(reloaded(teammate))

    orgs.do_update_person(owner, teammate, name=teammate.name, role=Role.MEMBER, is_active=True)
    assert orgs.authenticate_token(raw) == teammate
    with pytest.raises(PermissionDenied):
        orgs.do_revoke_token(owner, token)  # only the person revokes their own token
    orgs.do_revoke_token(reloaded(teammate), token)
    assert orgs.authenticate_token(raw) is None


def test_token_use_is_recorded_at_most_once_a_minute(teammate):
    token, raw = orgs.do_create_token(teammate)
    orgs.authenticate_token(raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    orgs.authenticate_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - dt.timedelta(minutes=5)
    )
    orgs.authenticate_token(raw)
    later = ApiToken.objects.get(pk=token.pk).last_used_at
    assert later is not None and later > first
