from typing import Any

from django.core.management.base import BaseCommand

from alongside.demo.seed import demo_login_lines, seed_demo


class Command(BaseCommand):
    help = "Create the demo organizations and people (idempotent; refuses to run with DEBUG off)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo()
        self.stdout.write("Demo data created." if result["created"] else "Demo data already present.")
        self.stdout.write("\n".join(demo_login_lines()))
