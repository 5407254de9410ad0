# Alongside: `make run` to try it, `make test` to check it, `make bench` to measure it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench install assets lint typecheck migrations-check conformance clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# Translations: .po to .mo with Babel (pure Python, from requirements.txt; no GNU gettext needed).
install: $(STAMP) assets
	$(VENV)/bin/pybabel compile --domain django --directory alongside/locale --statistics

# Front-end assets come from the npm registry at install time and are served from this
# origin; nothing is committed and no CDN is ever contacted.
assets: node_modules/.package-lock.json
	mkdir -p var/assets/vendor
	cp node_modules/htmx.org/dist/htmx.min.js var/assets/vendor/htmx.min.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) bin/run-dev

lint: $(STAMP)
	$(VENV)/bin/ruff check alongside bench
	$(VENV)/bin/ruff format --check alongside bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy alongside

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

test: install lint typecheck migrations-check
	ALONGSIDE_ROUTE_GATE=$${ALONGSIDE_ROUTE_GATE:-$(if $(PYTEST_ARGS),0,1)} $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

# Benchmarks print their figures beside a baseline measured in the same run. The load and caseload
# tests need PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432), the load test wrk; the page
# test needs Debian's chromium. Each says so and skips itself when what it needs is missing.
# Every benchmark runs even when an earlier one misses its bar; the exit status says whether any did.
BENCHES := run checkin_load checkin_page crisis_delivery crisis_language caseload signal_sweep
bench: install
	@failed=""; for b in $(BENCHES); do $(PY) bench/$$b.py || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "bars missed or benchmarks failed:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) node_modules var alongside.sqlite3*

# Checks against the public standards' own samples and schemas in ../shared/data
# (Open Referral HSDS, Meeting Guide). Kept apart because a fresh clone may not have them.
conformance: install
	$(PY) -m pytest -p no:cacheprovider conformance
