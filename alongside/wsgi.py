import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
application = get_wsgi_application()

# Compile the crisis-language patterns while the web process starts (under gunicorn --preload,
# once for all workers), so that no participant's first check-in of a process waits for it.
from alongside.crisis_language.patterns import compiled  # noqa: E402

compiled()

# The same for the learned model behind the phrase rules (crisis_language/learned.py) when it is
# the configured detector: trained here, in under a second, from the files shipped with the code.
from alongside.crisis_language.learned import preload  # noqa: E402

preload()
