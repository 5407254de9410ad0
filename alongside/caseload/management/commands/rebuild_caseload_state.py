"""Rebuild every participant's caseload state from history (after a restore, a bulk import, or to
check the incremental rows): ``manage.py rebuild_caseload_state``."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alongside.caseload.state import REBUILD_BATCH_SIZE, rebuild


class Command(BaseCommand):
    help = "Rebuild every participant's caseload state (the mentor's today, the team page) from history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=REBUILD_BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        written = rebuild(batch_size=options["batch_size"])
        self.stdout.write(f"Caseload state rebuilt: {written} participants in {time.perf_counter() - started:.1f} s")
