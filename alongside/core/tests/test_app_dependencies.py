"""The apps' layering: which app may import which, checked over the source (module-level and
function-level imports alike; imports under ``TYPE_CHECKING`` only name types and do not count).

Each app sits on a layer; it may import the apps below it, never those above. ``core`` is
infrastructure and imports no app. The known back-edges that remain (features still living inside
a foundation app) are listed with where they are: a new one fails this test, and so does a listed
one that has gone (take it off the list: it only shrinks). Tests, migrations and test helpers are
not app code and are not checked. The app never imports the benchmarks (``bench``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # alongside/

# Bottom to top. An app may import any app listed before it.
LAYERS: tuple[tuple[str, str], ...] = (
    ("core", "infrastructure: crypto, errors, idempotency, schema types, middleware, jobs registry, worker"),
    ("organizations", "organizations, programs, memberships, matches; the member view helpers"),
    ("websessions", "the session store (server side, per device; loads the membership with the session)"),
    ("audit", "the audit log and its action registry"),
    ("notifications", "in-app notifications and the outbox (email, SMS); the delivery_exhausted hook"),
    ("access", "who may do what: the rule registry, authorize, audited reads, break-glass"),
    ("consent", "consents to share"),
    ("crisis", "crisis lines and the public crisis and overdose pages"),
    ("alerts", "alerts, the crisis button, escalation (subscribes to delivery_exhausted)"),
    (
        "accounts",
        "people who sign in: users, login, two-step codes, throttles, the API's sign-in, the session policy;"
        " the apps below name the user model through settings.AUTH_USER_MODEL and get_user_model()",
    ),
    ("supervision", "supervisors, caseload caps, mentor wellbeing"),
    ("safety", "the safety plan"),
    ("coping", "coping tools"),
    ("goals", "goals and steps"),
    ("recovery", "recovery milestones"),
    ("contacts", "mentor contact notes and follow-ups"),
    ("crisis_language", "crisis-language detection, the alert it raises, the support shown after"),
    ("checkins", "daily check-ins"),
    ("journal", "the journal"),
    ("messaging", "messages between participant and mentor"),
    ("reminders", "check-in reminders"),
    ("trends", "a participant's trends"),
    ("signals", "early-warning signals (the one risk engine)"),
    ("caseload", "the per-participant state the worker keeps"),
    ("workspace", "the mentor's today and team pages"),
    ("pages", "home, manifest, service worker, error pages"),
    ("ops", "health checks"),
    ("demo", "demo data"),
)

# Imports from a lower app to a higher one that remain, each to be removed: (from, to) -> why.
# All three are organizations' own features (services, selectors, pages, API) living in the room
# that also holds the memberships every other room builds on; they go when those features move
# to a room above access (docs/architecture.md, "The rooms").
KNOWN_BACK_EDGES: dict[tuple[str, str], str] = {
    ("organizations", "access"): "its services, selectors and pages authorize; its rules register there",
    ("organizations", "audit"): "its services, API, audit log page and member_view write or read the log",
    ("organizations", "notifications"): "invitations and match changes notify; phone sharing masks the number",
}

# The one group of apps that still import each other (through the back-edges above). It may only shrink.
REMAINING_CYCLE = {"organizations", "audit", "notifications", "access"}


def _app_of(module: str, apps: set[str]) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "alongside" and len(parts) > 1 and parts[1] in apps else None


class _Imports(ast.NodeVisitor):
    """The ``alongside.<app>`` modules a file imports at run time (any depth, not TYPE_CHECKING)."""

    def __init__(self) -> None:
        self.found: list[tuple[str, int]] = []

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found += [(alias.name, node.lineno) for alias in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and node.level == 0:
            self.found.append((node.module, node.lineno))
            self.found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]


def _is_app_code(path: Path, app_dir: Path) -> bool:
    parts = path.relative_to(app_dir).parts
    return parts[0] not in {"tests", "migrations", "testing"} and parts[-1] not in {"testing.py", "conftest.py"}


def installed_app_dirs() -> dict[str, Path]:
    return {path.name: path for path in sorted(ROOT.iterdir()) if (path / "apps.py").exists()}


def app_imports() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> where, over every app's code."""
    dirs = installed_app_dirs()
    apps = set(dirs)
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for app, app_dir in dirs.items():
        for path in sorted(app_dir.rglob("*.py")):
            if not _is_app_code(path, app_dir):
                continue
            visitor = _Imports()
            visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
            for module, line in visitor.found:
                target = _app_of(module, apps)
                if target is not None and target != app:
                    edges[(app, target)].append(f"{path.relative_to(ROOT.parent)}:{line}")
    return edges


def back_edges(edges: dict[tuple[str, str], list[str]], layers: list[str]) -> dict[tuple[str, str], list[str]]:
    """The imports of an app from one on a higher layer."""
    place = {app: index for index, app in enumerate(layers)}
    return {edge: where for edge, where in edges.items() if place[edge[0]] < place[edge[1]]}


def cycles(edges: set[tuple[str, str]]) -> list[set[str]]:
    """The groups of apps that import each other, directly or round a loop (Tarjan's SCCs)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_finds_a_back_edge_and_a_cycle() -> None:
    edges = {("b", "a"): ["b.py:1"], ("a", "c"): ["a.py:3"], ("c", "b"): ["c.py:2"]}
    assert back_edges(edges, ["a", "b", "c"]) == {("a", "c"): ["a.py:3"]}
    assert cycles(set(edges)) == [{"a", "b", "c"}]
    assert cycles({("b", "a"), ("c", "b")}) == []


def test_every_app_has_a_place_in_the_layers() -> None:
    names = [name for name, _ in LAYERS]
    assert len(names) == len(set(names))
    assert sorted(installed_app_dirs()) == sorted(names), (
        "a new app needs its line in LAYERS (and in docs/architecture.md)"
    )


def test_no_new_import_from_a_lower_app_to_a_higher_one() -> None:
    found = back_edges(app_imports(), [name for name, _ in LAYERS])
    new = {edge: where for edge, where in found.items() if edge not in KNOWN_BACK_EDGES}
    assert not new, f"imports against the layering (import downwards, or send a hook): {new}"
    gone = sorted(set(KNOWN_BACK_EDGES) - set(found))
    assert not gone, f"these back-edges are gone: take them off KNOWN_BACK_EDGES: {gone}"


def test_apart_from_the_known_back_edges_no_apps_import_each_other() -> None:
    edges = set(app_imports()) - set(KNOWN_BACK_EDGES)
    assert cycles(edges) == []
    # The cycles the hooks removed stay removed.
    for removed in [("notifications", "alerts"), ("crisis", "alerts"), ("crisis", "crisis_language")]:
        assert removed not in edges


def test_the_only_import_cycle_left_is_the_known_one() -> None:
    found = cycles(set(app_imports()))
    assert all(group <= REMAINING_CYCLE for group in found), f"a new import cycle between apps: {found}"
    # Out of the cycle for good: accounts (above the foundation; the API's shared helpers are
    # organizations.api_refs, the user model is named through get_user_model()), the session store
    # (organizations.middleware.MembershipLoadingSession), alerts (its own phone rule), consent
    # (consent_tags), supervision (organizations.hooks.mentor_taking_participant).
    for app in ["accounts", "websessions", "consent", "crisis", "alerts", "supervision"]:
        assert not any(app in group for group in found), app


def test_the_app_never_imports_the_benchmarks() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        visitor = _Imports()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        offenders += [f"{path}:{line}" for module, line in visitor.found if module.split(".")[0] == "bench"]
    assert offenders == []
