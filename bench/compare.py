"""One benchmark on an earlier commit and on the working tree, back to back in the same run.

    python bench/compare.py <commit> [benchmark] [rounds]

e.g. ``python bench/compare.py aa934f9 checkin_load 2``. The earlier commit is checked out in a
temporary ``git worktree`` (removed afterwards) and its own copy of the benchmark runs there, with
the same Python, packages, database server and machine as the working tree's run that follows.
With more than one round the two alternate (before, after, before, after ...), so that a change in
the machine's load during the run shows up as a difference between rounds rather than between trees.
Each run's printed lines are repeated at the end under the tree they measured.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(tree: Path, benchmark: str) -> str:
    done = subprocess.run(
        [sys.executable, str(tree / "bench" / f"{benchmark}.py")],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
    return done.stdout.strip() or f"(no output; exit status {done.returncode})"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    rev = argv[1]
    benchmark = argv[2] if len(argv) > 2 else "checkin_load"
    rounds = int(argv[3]) if len(argv) > 3 else 1
    commit = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    now_label = f"working tree (HEAD {head}{', with uncommitted changes' if dirty.strip() else ''})"
    worktree = Path(tempfile.mkdtemp(prefix="alongside-before-")) / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(worktree), commit], cwd=ROOT, check=True)
    results: list[tuple[str, str]] = []
    try:
        for n in range(1, rounds + 1):
            for label, tree in ((f"before: commit {commit}", worktree), (f"after: {now_label}", ROOT)):
                print(f"[round {n}/{rounds}] {benchmark} on {label} ...", flush=True)
                results.append((f"round {n}, {label}", run(tree, benchmark)))
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=False)
    for label, output in results:
        print(f"\n== {benchmark}, {label}\n{output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
