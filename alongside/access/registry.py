"""The access registry: for each model and action, the object rule and the scope, side by side.

A rule is a ``Condition``: one test on a single object ("may this viewer do this to this
one?") and one ``Q`` on many ("which of these may they?"), written next to each other so they
cannot drift apart unnoticed (``alongside/access/tests/test_rule_agreement.py`` proves, for
every registered rule and every persona, that the two agree). Apps declare their rules in their
own ``access_rules.py`` module, imported at start-up (``AccessConfig.ready``).

Two fences wrap every rule, here and nowhere else: an inactive viewer (or one whose account is
off) may do nothing and list nothing, and nothing crosses organizations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from alongside.organizations.models import Membership

M = TypeVar("M", bound=models.Model)

# A Q that matches nothing and one that matches every row. (An empty ``Q()`` would vanish when
# combined with ``|``, so "everything" is spelled as a condition that always holds.)
NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)


@dataclass(frozen=True)
class Condition:
    """A relation between a viewer and an object, both as a test on one object and as a Q on
    the object's model. Combine with ``|``, ``&`` and ``~``; follow a foreign key with ``via``."""

    test: Callable[[Membership, Any], bool]
    q: Callable[[Membership], Q]
    name: str = "condition"

    def __or__(self, other: Condition) -> Condition:
        return Condition(
            lambda v, o: self.test(v, o) or other.test(v, o),
            lambda v: self.q(v) | other.q(v),
            f"({self.name} | {other.name})",
        )

    def __and__(self, other: Condition) -> Condition:
        return Condition(
            lambda v, o: self.test(v, o) and other.test(v, o),
            lambda v: self.q(v) & other.q(v),
            f"({self.name} & {other.name})",
        )

    def __invert__(self) -> Condition:
        return Condition(lambda v, o: not self.test(v, o), lambda v: ~self.q(v), f"~{self.name}")

    def via(self, fk: str, target: type[models.Model]) -> Condition:
        """This condition on the object that ``fk`` points to (for example a record's participant)."""
        return Condition(
            lambda v, o: self.test(v, getattr(o, fk)),
            lambda v: Q(**{f"{fk}__in": target._default_manager.filter(self.q(v)).values("pk")}),
            f"{fk}.{self.name}",
        )


def viewer_role(*roles: str) -> Condition:
    """The viewer has one of these roles (whatever the object)."""
    allowed = frozenset(roles)
    return Condition(
        lambda v, o: v.role in allowed,
        lambda v: EVERYTHING if v.role in allowed else NOTHING,
        "role in " + "/".join(sorted(allowed)),
    )


def field_is_viewer(fk: str) -> Condition:
    """The object's ``fk`` is the viewer's membership (an owner, a holder, an author)."""
    return Condition(lambda v, o: getattr(o, f"{fk}_id") == v.pk, lambda v: Q(**{fk: v.pk}), f"{fk} is viewer")


def field_equals(name: str, value: object) -> Condition:
    return Condition(lambda v, o: getattr(o, name) == value, lambda v: Q(**{name: value}), f"{name}={value!r}")


@dataclass(frozen=True)
class Rule:
    """What a viewer may do with one model for one action.

    ``in_program`` is the access that comes from the person's own part in the program;
    ``break_glass`` (if any) what emergency access opens on top of it, and ``subject`` the
    participant whose record that emergency access is to (so the read is audited against the
    grant). ``allows`` is the whole rule: either of the two.
    """

    model: type[models.Model]
    action: str
    in_program: Condition
    break_glass: Condition | None = None
    subject: Callable[[Any], Membership] | None = None

    @property
    def allows(self) -> Condition:
        return self.in_program if self.break_glass is None else self.in_program | self.break_glass


def organization_of(obj: models.Model) -> int | None:
    from alongside.organizations.models import Organization

    if isinstance(obj, Organization):
        return obj.pk
    if hasattr(obj, "organization_id"):
        return obj.organization_id  # type: ignore[no-any-return]  # every registered model has organization_id or a participant; checked at registration
    if hasattr(obj, "participant_id"):  # a participant's record kept without its own organization
        return obj.participant.organization_id  # type: ignore[attr-defined,no-any-return]  # every registered model has organization_id or a participant; checked at registration
    return None


def _organization_fence(model: type[models.Model], organization_id: int) -> Q:
    from alongside.organizations.models import Organization

    if model is Organization:
        return Q(pk=organization_id)
    names = {f.name for f in model._meta.get_fields()}
    if "organization" in names:
        return Q(organization_id=organization_id)
    return Q(participant__organization_id=organization_id)


def viewer_may_act(viewer: Membership | None) -> bool:
    return viewer is not None and viewer.is_active and viewer.user.is_active


@dataclass
class Registry:
    """The registered rules, by model and action."""

    _rules: dict[tuple[type[models.Model], str], Rule] = field(default_factory=dict)

    def register(
        self,
        model: type[models.Model],
        actions: str | tuple[str, ...] | frozenset[str],
        in_program: Condition,
        *,
        break_glass: Condition | None = None,
        subject: Callable[[Any], Membership] | None = None,
    ) -> None:
        for action in (actions,) if isinstance(actions, str) else tuple(actions):
            key = (model, action)
            if key in self._rules:
                raise ValueError(f"{model._meta.label} {action!r} is registered twice")
            self._rules[key] = Rule(model, action, in_program, break_glass, subject)

    def rule(self, model: type[models.Model], action: str) -> Rule | None:
        return self._rules.get((model, action))

    def __iter__(self) -> Iterator[Rule]:
        return iter(list(self._rules.values()))

    def registered_models(self) -> set[type[models.Model]]:
        return {model for model, _action in self._rules}

    def allows(self, viewer: Membership | None, action: str, obj: models.Model) -> bool:
        """The object rule, inside the fences."""
        rule = self.rule(type(obj), action)
        if rule is None or viewer is None or not viewer_may_act(viewer):
            return False
        if organization_of(obj) != viewer.organization_id:
            return False
        return rule.allows.test(viewer, obj)

    def scope(self, viewer: Membership | None, action: str, model: type[M]) -> models.QuerySet[M]:
        """Every object of ``model`` the viewer may do ``action`` to, as a queryset, inside the fences.

        Raises LookupError for a model and action nobody registered: a list must never fall
        back to "everything" by mistake.
        """
        rule = self.rule(model, action)
        if rule is None:
            raise LookupError(f"No access rule for {model._meta.label} {action!r}")
        manager = model._default_manager
        if viewer is None or not viewer_may_act(viewer):
            return manager.none()
        return manager.filter(_organization_fence(model, viewer.organization_id)).filter(rule.allows.q(viewer))


registry = Registry()


def scope(viewer: Membership | None, action: str, model: type[M]) -> models.QuerySet[M]:
    """The objects of ``model`` this viewer may ``action``: every list starts here."""
    return registry.scope(viewer, action, model)


def disagreements(
    reg: Registry, viewers: list[Membership], objects: dict[type[models.Model], list[models.Model]]
) -> list[str]:
    """Every (rule, viewer, object) where the scope and the object rule disagree, in words.

    ``objects`` are all the objects of each model that exist (in every organization): the scope
    must list exactly those the object rule allows, and never another organization's.
    """
    problems: list[str] = []
    for rule in reg:
        known = objects.get(rule.model, [])
        for viewer in viewers:
            listed = set(reg.scope(viewer, rule.action, rule.model).values_list("pk", flat=True))
            allowed = {o.pk for o in known if reg.allows(viewer, rule.action, o)}
            label = f"{rule.model._meta.label} {rule.action} for {viewer.role} #{viewer.pk}"
            for pk in sorted(listed - allowed):
                problems.append(f"{label}: #{pk} is listed but the object rule refuses it")
            for pk in sorted(allowed - listed):
                problems.append(f"{label}: #{pk} is allowed but not listed")
            foreign = [o.pk for o in known if o.pk in listed and organization_of(o) != viewer.organization_id]
            for pk in foreign:
                problems.append(f"{label}: #{pk} of another organization is listed")
    return problems
