"""Generated from the registry: for every registered rule and every persona, the scope (what a
list shows) and the object rule (what one object's page allows) agree, and no scope ever holds
another organization's objects.

The world below has two organizations, two programs, two teams (supervisors with their mentors),
active and ended matches, an inactive mentor still matched, an inactive participant, live,
expired and ended break-glass grants, threads with and without a supervisor (of the right team
and of another), alerts with escalation recipients (on-call and admin steps, a crisis still open
and one resolved), consents, supervision sessions, boundary concerns, invitations, tokens, and
at least one object of every registered model in each organization. A new rule is tested by
being registered; a new model's objects are made by ``_fill`` from its required fields.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from alongside.access import policy
from alongside.access.models import BreakGlassGrant
from alongside.access.records import ParticipantOwned, record_types
from alongside.access.registry import Condition, Registry, disagreements, field_is_viewer, registry
from alongside.accounts.models import PersonalAccessToken, User
from alongside.alerts.models import Alert, AlertKind, AlertSeverity, AlertStatus, EscalationStep, PlaybookStep
from alongside.conftest import make_member
from alongside.messaging.models import Thread
from alongside.organizations.models import (
    Invitation,
    Match,
    MatchStatus,
    Membership,
    Organization,
    Program,
    Role,
    SettingType,
)
from alongside.supervision.models import BoundaryConcern, SessionAttendance, SupervisionSession

_counter = itertools.count(1)


def _value_for(field: models.Field[Any, Any], org: Organization, member: Membership) -> object:
    """A plausible value for a required field nobody named."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        target = field.related_model
        if target is Organization:
            return org
        if target is Membership:
            return member
        if target is Program:
            return member.program
        raise AssertionError(f"{field.model._meta.label}.{field.name}: say how to make a {target}")
    if isinstance(field, models.EmailField):
        return f"someone{next(_counter)}@example.test"
    if isinstance(field, models.CharField | models.TextField):
        return f"text {next(_counter)}"
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    if isinstance(field, models.DateTimeField):
        return timezone.now() + dt.timedelta(days=1)
    if isinstance(field, models.DateField):
        return timezone.localdate() - dt.timedelta(days=next(_counter))
    if isinstance(field, models.TimeField):
        return dt.time(9, 0)
    if isinstance(field, models.JSONField):
        return {}
    raise AssertionError(f"{field.model._meta.label}.{field.name}: no default for {type(field).__name__}")


def _fill(model: type[models.Model], org: Organization, member: Membership, **given: object) -> models.Model:
    """One object of ``model``: the given values, and a plausible value for every other required field."""
    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or field.attname in values:
            continue
        if (
            field.null
            or field.has_default()
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            continue
        if field.blank and isinstance(field, models.CharField | models.TextField):
            continue
        values[field.name] = _value_for(field, org, member)
    return model._default_manager.create(**values)


class World:
    def __init__(self) -> None:
        self.objects: dict[type[models.Model], list[models.Model]] = {}
        self.org = Organization.objects.create(name="Riverbend", slug="riverbend-w")
        self.other = Organization.objects.create(name="Harbor", slug="harbor-w")
        self.program = self._program(self.org, "Center")
        self.program2 = self._program(self.org, "Outreach")
        other_program = self._program(self.other, "Harbor Online")

        def member(org: Organization, name: str, role: str, program: Program | None, **kw: object) -> Membership:
            return make_member(org, f"{name.lower()}-{next(_counter)}@example.test", name, role, program, **kw)

        org, other = self.org, self.other
        s1 = member(org, "Sam", Role.SUPERVISOR, self.program)
        s2 = member(org, "Sol", Role.SUPERVISOR, self.program2)
        m1 = member(org, "Maria", Role.MENTOR, self.program, supervisor=s1)
        m2 = member(org, "Miguel", Role.MENTOR, self.program2, supervisor=s2)
        m_gone = member(org, "Mo", Role.MENTOR, self.program, supervisor=s1, is_active=False)
        m_free = member(org, "Mia", Role.MENTOR, self.program)  # no supervisor, no match
        admin = member(org, "Ada", Role.ADMIN, None)
        pa = member(org, "Pat", Role.PARTICIPANT, self.program)
        pb = member(org, "Paz", Role.PARTICIPANT, self.program)
        pc = member(org, "Pia", Role.PARTICIPANT, self.program2)
        pd = member(org, "Pol", Role.PARTICIPANT, self.program)  # match ended: nobody's
        pe = member(org, "Pru", Role.PARTICIPANT, self.program2, is_active=False)
        pf = member(org, "Pim", Role.PARTICIPANT, self.program)  # matched to the inactive mentor
        locked = member(org, "Lou", Role.PARTICIPANT, self.program)  # account switched off
        User.objects.filter(pk=locked.user_id).update(is_active=False)
        locked.refresh_from_db()
        o_mentor = member(other, "Olive", Role.MENTOR, other_program)
        o_sup = member(other, "Oscar", Role.SUPERVISOR, other_program)
        o_admin = member(other, "Odile", Role.ADMIN, None)
        o_part = member(other, "Omar", Role.PARTICIPANT, other_program)
        Membership.objects.filter(pk=o_mentor.pk).update(supervisor=o_sup)
        o_mentor.refresh_from_db()
        self.participants = {org.pk: [pa, pb, pc, pd, pe, pf, locked], other.pk: [o_part]}

        for mentor, participant in [(m1, pa), (m1, pb), (m2, pc), (m2, pe), (m_gone, pf), (o_mentor, o_part)]:
            Match.objects.create(organization=participant.organization, mentor=mentor, participant=participant)
        Match.objects.create(
            organization=org, mentor=m1, participant=pd, status=MatchStatus.ENDED, ended_at=timezone.now()
        )
        Match.objects.create(
            organization=org, mentor=m2, participant=pa, status=MatchStatus.ENDED, ended_at=timezone.now()
        )

        now = timezone.now()
        hour = dt.timedelta(hours=1)
        for holder, participant, expires, ended in [
            (s2, pa, now + hour, None),  # live: another team's supervisor
            (admin, pd, now + hour, None),  # live: an admin
            (admin, pb, now - hour, None),  # expired
            (s1, pc, now + hour, now - hour),  # ended early
            (o_sup, o_part, now + hour, None),
        ]:
            BreakGlassGrant.objects.create(
                organization=participant.organization,
                holder=holder,
                participant=participant,
                reason="A reason long enough",
                expires_at=expires,
                ended_at=ended,
            )

        for participant in [pa, pb, pc, pd, pe, pf, o_part]:
            Thread.objects.create(organization=participant.organization, participant=participant)
        Thread.objects.filter(participant=pb).update(supervisor=s1)  # the right team
        Thread.objects.filter(participant=pc).update(supervisor=s1)  # another team's supervisor
        Thread.objects.filter(participant=pa).update(supervisor=s2)  # another team's supervisor

        crisis = Alert.objects.create(
            organization=org, participant=pc, kind=AlertKind.CRISIS_BUTTON, severity=AlertSeverity.CRISIS
        )
        resolved = Alert.objects.create(
            organization=org,
            participant=pa,
            kind=AlertKind.CRISIS_BUTTON,
            severity=AlertSeverity.CRISIS,
            status=AlertStatus.RESOLVED,
        )
        Alert.objects.create(organization=org, participant=pd, kind=AlertKind.REPORTED_USE)  # nobody's now
        Alert.objects.create(organization=other, participant=o_part, kind=AlertKind.CRISIS_BUTTON)
        for alert, step, recipient in [
            (crisis, PlaybookStep.ON_CALL, m1),  # on call: may answer this alert, and phone Pia
            (crisis, PlaybookStep.ADMIN, admin),
            (resolved, PlaybookStep.ON_CALL, m_free),  # resolved: the alert, not the phone
            (crisis, PlaybookStep.SUPERVISOR, s1),  # a supervisor step grants nothing by itself
        ]:
            EscalationStep.objects.create(
                alert=alert, index=1, step=step, recipient=recipient, notified_at=now, due_at=now + hour
            )

        for supervisor, mentors in [(s1, [m1, m_gone]), (s2, [m2]), (o_sup, [o_mentor])]:
            session = _fill(SupervisionSession, supervisor.organization, supervisor, supervisor=supervisor)
            for mentor in mentors:
                SessionAttendance.objects.create(session=session, mentor=mentor)
        for mentor, participant in [(m1, pa), (m2, pc), (m_free, None), (o_mentor, o_part)]:
            _fill(BoundaryConcern, mentor.organization, participant or pa, mentor=mentor, participant=participant)

        for inviter in [admin, o_admin]:
            _fill(
                Invitation,
                inviter.organization,
                inviter,
                invited_by=inviter,
                token_hash=f"hash-{next(_counter)}",
                role=Role.MENTOR,
            )
        for holder in [m1, pa, admin, o_mentor]:
            _fill(
                PersonalAccessToken,
                holder.organization,
                holder,
                user=holder.user,
                token_hash=f"tok-{next(_counter)}",
            )
        # The same person in two organizations: their token in one is never theirs in the other.
        twin = Membership.objects.create(user=m1.user, organization=other, role=Role.MENTOR, program=other_program)
        _fill(PersonalAccessToken, other, twin, user=m1.user, token_hash=f"tok-{next(_counter)}")

        # At least one object of every other registered model, for each participant.
        made = {Organization, Program, Membership, Match, BreakGlassGrant, Thread, Alert, EscalationStep}
        made |= {SupervisionSession, BoundaryConcern, PersonalAccessToken}
        made.add(Invitation)
        for model in registry.registered_models() - made:
            for participant in itertools.chain.from_iterable(self.participants.values()):
                self._records(model, participant)

        self.viewers = list(Membership.objects.select_related("user").order_by("pk"))
        for model in registry.registered_models():
            self.objects[model] = list(model._default_manager.all())

    def _program(self, org: Organization, name: str) -> Program:
        return Program.objects.create(
            organization=org, name=name, setting_type=SettingType.RECOVERY_CENTER, time_zone="UTC", languages=["en"]
        )

    def _records(self, model: type[models.Model], participant: Membership) -> None:
        """Records of a participant-owned model: for fields with a meaning to the rule (shared or
        not), one of each."""
        org = participant.organization
        variants: list[dict[str, object]] = [{}]
        for flag in ("shared_with_mentor", "is_shared"):
            if any(f.name == flag for f in model._meta.concrete_fields):
                variants = [{flag: True}, {flag: False}]
        if any(f.name == "participant" and f.one_to_one for f in model._meta.concrete_fields):
            if model._default_manager.filter(participant=participant).exists():
                return  # made already (for example when the membership was)
            variants = variants[participant.pk % len(variants) :][:1]  # shared for some, not for others
        for values in variants:
            if model.__name__ == "Consent":
                values = {**values, "information": ["checkins"]}
            if any(f.name == "organization" for f in model._meta.concrete_fields):
                values = {**values, "organization": org}
            _fill(model, org, participant, participant=participant, **values)


@pytest.fixture
def world(db: None) -> World:
    return World()


def test_every_scope_lists_exactly_what_its_object_rule_allows(world: World) -> None:
    assert len(list(registry)) > 50
    problems = disagreements(registry, world.viewers, world.objects)
    assert problems == [], "\n".join(problems[:40])


def test_every_registered_model_has_objects_in_both_organizations(world: World) -> None:
    for model in registry.registered_models():
        orgs = {policy.organization_of(o) for o in world.objects[model]}
        assert {world.org.pk, world.other.pk} <= orgs, model._meta.label


def test_the_world_has_every_persona_and_scopes_are_not_empty(world: World) -> None:
    """A test that compares two empty sets proves nothing: every persona sees something, and
    every rule lets someone in."""
    roles = {v.role for v in world.viewers}
    assert roles == set(Role.values)
    assert any(not v.is_active for v in world.viewers)
    assert any(not v.user.is_active for v in world.viewers)
    for rule in registry:
        assert any(registry.scope(v, rule.action, rule.model).exists() for v in world.viewers), (
            f"nobody may {rule.action} any {rule.model._meta.label}: the world is missing a case"
        )


def test_no_scope_holds_another_organizations_objects(world: World) -> None:
    for rule in registry:
        for viewer in world.viewers:
            listed = registry.scope(viewer, rule.action, rule.model)
            orgs = {policy.organization_of(o) for o in listed}
            assert orgs <= {viewer.organization_id}, (rule.model._meta.label, rule.action, viewer.pk)


def test_the_checker_reports_a_scope_that_disagrees_with_its_rule(world: World) -> None:
    """A deliberately wrong scope, in a registry of its own: the mentor's rule, but a scope that
    forgets the match has to be active."""
    wrong = Condition(
        policy.is_matched_mentor,
        lambda v: Q(pk__in=Match.objects.filter(mentor=v).values("participant_id")),  # ended ones too
        "matched mentor, wrongly",
    )
    scratch = Registry()
    scratch.register(Membership, policy.PARTICIPANT_VIEW_SENSITIVE, policy.IS_PARTICIPANT & wrong)
    scratch.register(Thread, policy.THREAD_READ, field_is_viewer("participant"))  # agrees: no report
    problems = disagreements(scratch, world.viewers, world.objects)
    assert problems
    assert all("listed but the object rule refuses it" in p for p in problems)
    assert all(p.startswith("organizations.Membership participant.view_sensitive for mentor") for p in problems)

    # and the other way round: a rule that allows what the scope leaves out
    too_narrow = Condition(lambda v, o: o.pk == v.pk, lambda v: Q(pk__in=[]), "self, listed as nobody")
    scratch = Registry()
    scratch.register(Membership, policy.PARTICIPANT_MANAGE_OWN, policy.IS_PARTICIPANT & too_narrow)
    problems = disagreements(scratch, world.viewers, world.objects)
    assert problems and all("is allowed but not listed" in p for p in problems)


def test_the_checker_reports_a_scope_that_crosses_organizations(world: World) -> None:
    everyone = Condition(lambda v, o: True, lambda v: Q(pk__isnull=False), "everyone")
    scratch = Registry()
    scratch.register(Thread, policy.THREAD_READ, everyone)
    # Bypass the organization fence the way a hand-written list would.
    scratch.scope = lambda viewer, action, model: model._default_manager.all()  # type: ignore[method-assign]
    problems = disagreements(scratch, world.viewers, world.objects)
    assert any("of another organization is listed" in p for p in problems)


def test_every_participant_owned_model_is_registered() -> None:
    """Every model that keeps something about one participant (a ``participant`` key to a
    membership) has access rules; every ParticipantOwned model is a declared record type."""
    owned = [
        model
        for model in apps.get_models()
        if any(
            f.name == "participant" and f.is_relation and f.related_model is Membership
            for f in model._meta.concrete_fields
        )
    ]
    assert len(owned) >= 10
    missing = [m._meta.label for m in owned if m not in registry.registered_models()]
    assert missing == []
    declared = {rt.model for rt in record_types()}
    for model in apps.get_models():
        if issubclass(model, ParticipantOwned):
            assert model in declared, f"{model._meta.label} is ParticipantOwned but not declared as a RecordType"
