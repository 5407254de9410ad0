"""Audit actions have names: every code written anywhere is registered with a translated label and
a sentence, the participant's "Who viewed my information" reads as sentences in their language,
and the organization's audit log names each action beside its code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from alongside.audit.actions import ACTIONS, REFUSED, REFUSED_SUFFIX, UnknownAuditAction, action_named, is_registered
from alongside.audit.models import AuditEntry
from alongside.audit.services import log_action
from alongside.conftest import Personas, login_client
from alongside.goals.models import GoalEventKind
from alongside.organizations.models import MatchStatus

APP = Path(settings.BASE_DIR) / "alongside"
# The functions that write an audit entry, and where their action code is among the positional
# arguments: audit.services' own, and the helpers that take a code and pass it on to them.
WRITERS = {"log_action": 0, "log_action_for_each": 0, "audited_read": 1}
# The codes written through an expression rather than a literal, by what each expression can be.
# A new expression fails the scan below until it is listed here.
EXPANSIONS: dict[str, set[str]] = {
    "f'goal.{kind}'": {f"goal.{kind}" for kind in GoalEventKind.values},
    "f\"{info['action']}.refused\"": {"participant.view" + REFUSED_SUFFIX},
}


def _codes_in(node: ast.expr) -> set[str] | None:
    """The codes an argument can be: a literal, either branch of a conditional, a listed expression."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _codes_in(node.body), _codes_in(node.orelse)
        return None if body is None or orelse is None else body | orelse
    return EXPANSIONS.get(ast.unparse(node))


def written_codes() -> tuple[dict[str, set[str]], list[str]]:
    """Every action code the application writes (a call of a writer, ``AuditEntry(action=...)``),
    with the files that write it, and any argument not understood. A writer passing on the code
    it was given (``log_action(action, ...)`` inside ``audited_read``) is not a write of its own."""
    found: dict[str, set[str]] = {}
    unknown: list[str] = []
    for path in sorted(APP.rglob("*.py")):
        if {"tests", "migrations", "testing"} & set(path.relative_to(APP).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        passed_on = {
            id(call)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef) and function.name in {*WRITERS, "_entry"}
            for call in ast.walk(function)
            if isinstance(call, ast.Call)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in passed_on:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            argument = next((k.value for k in node.keywords if k.arg == "action"), None)
            if name in WRITERS and len(node.args) > WRITERS[name]:
                argument = node.args[WRITERS[name]]
            elif name not in WRITERS and name != "AuditEntry":
                continue
            if argument is None:
                continue
            codes = _codes_in(argument)
            if codes is None:
                unknown.append(f"{path.relative_to(APP)}:{node.lineno}: {ast.unparse(argument)}")
                continue
            for code in codes:
                found.setdefault(code, set()).add(str(path.relative_to(APP)))
    return found, unknown


def test_every_action_code_written_in_the_code_base_is_registered() -> None:
    found, unknown = written_codes()

    assert unknown == [], "codes written through an expression the scan cannot read: list them in EXPANSIONS"
    assert len(found) > 100  # the scan does find the writes
    assert {code: files for code, files in found.items() if not is_registered(code)} == {}


def test_every_registered_action_is_written_somewhere() -> None:
    found, _unknown = written_codes()

    assert sorted(set(ACTIONS) - set(found)) == [], "registered but never written: remove them or write them"


def test_an_unregistered_code_is_refused_before_anything_is_written(personas: Personas) -> None:
    with pytest.raises(UnknownAuditAction, match=r"checkin\.peeked"):
        log_action("checkin.peeked", actor=personas.mentor, target=personas.participant)

    assert not AuditEntry.objects.filter(action="checkin.peeked").exists()
    assert action_named("participant.view.refused") is REFUSED and not is_registered(".refused")


@pytest.mark.parametrize("code", sorted(ACTIONS))
def test_every_action_reads_in_spanish(code: str) -> None:
    action = ACTIONS[code]
    english = (str(action.label), str(action.sentence))
    with translation.override("es"):
        spanish = (str(action.label), str(action.sentence))

    assert all(spanish) and spanish[0] != english[0] and spanish[1] != english[1]
    # The sentence keeps its one placeholder, whoever did it.
    assert re.findall(r"%\(\w+\)s", spanish[1]) == re.findall(r"%\(\w+\)s", english[1])
    assert set(re.findall(r"%\(\w+\)s", english[1])) <= {"%(actor)s"}


def _log_for_participant(personas: Personas) -> None:
    participant = personas.participant
    log_action("checkin.viewed", actor=personas.mentor, target=participant)
    log_action("participant.viewed", actor=personas.supervisor, target=participant)
    log_action("breakglass.read", actor=personas.admin, target=participant, reason="dijo que no estaba a salvo")
    log_action("alert.escalation_started", actor=None, target=participant)
    log_action("message.viewed", actor=personas.mentor2, target=participant)
    log_action("participant.view.refused", actor=personas.mentor2, target=participant, outcome="refused")
    log_action("checkin.recorded", actor=participant, target=participant)  # their own: not shown


def test_the_participant_reads_plain_sentences_in_english(personas: Personas) -> None:
    _log_for_participant(personas)

    page = login_client(personas.participant).get(reverse("accounts:access_log")).content.decode()

    assert "Your mentor Maria Mentor read your check-ins." in page
    assert "Supervisor Sam Supervisor opened your record." in page
    assert "Program administrator Ada Admin read your information under emergency access." in page
    assert "Alongside started passing on an alert about you." in page
    assert "Peer mentor Miguel Mentor read your messages." in page
    assert "Peer mentor Miguel Mentor tried to reach your information and was not allowed." in page
    assert "recorded a check-in" not in page


def test_the_participant_s_access_log_in_spanish_has_no_code_and_no_english(personas: Personas) -> None:
    _log_for_participant(personas)
    personas.match.status = MatchStatus.ENDED
    personas.match.save(update_fields=["status"])
    user = personas.participant.user
    user.language = "es"
    user.save(update_fields=["language"])

    page = login_client(personas.participant).get(reverse("accounts:access_log")).content.decode()
    body = page[page.index("<main") :]

    assert "Tu exmentor/a Maria Mentor leyó tus registros diarios." in body
    assert "El/la supervisor/a Sam Supervisor abrió tu expediente." in body
    assert "Alongside empezó a pasar un aviso sobre ti." in body
    assert "dijo que no estaba a salvo" in body
    codes = {e.action for e in AuditEntry.objects.all()}
    assert [code for code in codes if code in body] == []
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", re.sub(r"<[^>]*>", " ", body)), "something like a code is shown"
    with translation.override("en"):
        english = [str(a.sentence).replace("%(actor)s ", "") for a in ACTIONS.values()]
        english += [str(a.label) for a in ACTIONS.values()]
    assert [text for text in english if text in body] == []
    for role in (
        "Your mentor",
        "Your former mentor",
        "Peer mentor",
        "Supervisor Sam",
        "Program administrator",
        "(Peer",
    ):
        assert role not in body


def test_the_api_gives_the_participant_the_sentence_beside_the_code(personas: Personas) -> None:
    log_action("checkin.viewed", actor=personas.mentor, target=personas.participant)

    body = login_client(personas.participant).get("/api/v1/me/access-log").json()

    assert [(e["action"], e["sentence"]) for e in body] == [
        ("checkin.viewed", "Your mentor Maria Mentor read your check-ins")
    ]


def test_the_organization_s_audit_log_names_each_action_beside_its_code(personas: Personas) -> None:
    log_action("checkin.viewed", actor=personas.mentor, target=personas.participant)
    log_action("participant.view.refused", actor=personas.mentor2, target=personas.participant, outcome="refused")
    admin = personas.admin.user
    client = login_client(personas.admin)

    english = client.get(reverse("organizations:audit")).content.decode()
    admin.language = "es"
    admin.save(update_fields=["language"])
    spanish = client.get(reverse("organizations:audit")).content.decode()
    api = client.get("/api/v1/audit").json()

    assert "Check-ins read <code>checkin.viewed</code>" in english
    assert "Attempt refused <code>participant.view.refused</code>" in english
    assert "Registros diarios leídos <code>checkin.viewed</code>" in spanish
    assert {(e["action"], e["action_label"]) for e in api["items"]} >= {("checkin.viewed", "Check-ins read")}
