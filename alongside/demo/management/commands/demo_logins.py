from typing import Any

from django.core.management.base import BaseCommand

from alongside.demo.seed import demo_login_lines


class Command(BaseCommand):
    help = "Print the demo logins with current two-factor codes."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("\n".join(demo_login_lines()))
