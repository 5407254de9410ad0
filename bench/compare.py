"""One benchmark on an earlier commit and on a later tree, back to back in the same run.

    python bench/compare.py <commit> [benchmark] [rounds] [later]

e.g. ``python bench/compare.py aa934f9 checkin_load 2``. The earlier commit is checked out in a
temporary ``git worktree`` (removed afterwards) and its own copy of the benchmark runs there, with
the same Python, packages, database server and machine as the later tree's run that follows. The
later tree is this working tree, or ``later``: another commit (checked out the same way) or a
directory holding a checkout (to measure one change alone, e.g. the earlier commit with only that
change applied).
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
    temporary: list[Path] = []

    def checkout(rev: str) -> Path:
        tree = Path(tempfile.mkdtemp(prefix="alongside-compare-")) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], cwd=ROOT, check=True)
        temporary.append(tree)
        return tree

    results: list[tuple[str, str]] = []
    try:
        before = checkout(commit)
        after, after_label = ROOT, f"after: {now_label}"
        if len(argv) > 4:
            later = argv[4]
            if Path(later).is_dir():
                after, after_label = Path(later).resolve(), f"after: the tree in {later}"
            else:
                after, after_label = checkout(later), f"after: commit {later}"
        for n in range(1, rounds + 1):
            for label, tree in ((f"before: commit {commit}", before), (after_label, after)):
                print(f"[round {n}/{rounds}] {benchmark} on {label} ...", flush=True)
                results.append((f"round {n}, {label}", run(tree, benchmark)))
    finally:
        for tree in temporary:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    for label, output in results:
        print(f"\n== {benchmark}, {label}\n{output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
