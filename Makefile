# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test install install-dev migrate demo lint format messages check-messages perf bench-notices bench-surveys bench-strategies load throughput backup restore clean mutation

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Install the venv module: sudo apt-get install python3-venv"; exit 1; }
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -q -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Serve the portal on http://127.0.0.1:8000 with SQLite, eager tasks and mail to the console.
run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## The whole suite (PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set), in parallel:
## one pytest-xdist worker per core, at most 8 (each has its own database and Redis database,
## see tests/parallel.py). TEST_WORKERS=0 runs it in one process.
## PYTHONDONTWRITEBYTECODE (set on some machines, this one included) is lifted for the suite:
## pytest keeps its rewritten test modules as bytecode only when it may write it, and without
## that every worker rewrote the asserts of ~400 test modules again at every run (~13 s).
TEST_WORKERS ?= auto
test: install-dev
	env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/pytest -n $(TEST_WORKERS) --maxprocesses 8 --dist loadgroup

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Extract, then compile the translation catalogues (needs gettext).
messages: install-dev
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l ja -l en --no-obsolete --add-location file -i '.venv/*' -i 'staticfiles/*' -i 'var/*'
	$(PY) scripts/fill_english.py
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages -i .venv

check-messages: install-dev
	$(PY) scripts/check_messages.py

## Mutation testing of the pure rule modules (grants/rules/applications.py,
## grants/rules/furusato.py, portal/japanese.py) against their fast tests, in mutants/
## (see [tool.mutmut] and README).
## Fails when a mutant is not killed. MUTMUT_CHILDREN=1 on a busy machine.
MUTMUT_CHILDREN ?= 2
mutation: install-dev
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children $(MUTMUT_CHILDREN)
	@if $(VENV)/bin/mutmut results | grep .; then \
		echo "Mutants not killed (above): '$(VENV)/bin/mutmut show NAME' shows one."; exit 1; \
	else echo "All mutants killed."; fi

## Benchmarks (not tests): PostgreSQL on 127.0.0.1, results printed; see README.
perf: install-dev
	$(PY) tests/perf/bench_grants.py
	$(PY) tests/perf/bench_regional.py
	$(PY) tests/perf/bench_casebook.py
	$(PY) tests/perf/bench_surveys.py

## A batch of 179 交付決定通知書 numbered and typeset by the task, against a 60 s target
## (PostgreSQL on 127.0.0.1, database portal_perf_notices; BENCH_NOTICES=N for another size).
bench-notices: install-dev
	$(PY) tests/perf/bench_notices.py

## A 30-question survey with a 20-row table answered by all 179 municipalities: the response
## matrix p95 (< 150 ms) and the .xlsx collation (< 3 s), on PostgreSQL on 127.0.0.1
## (database portal_perf_surveys; BENCH_MUNICIPALITIES=5 BENCH_REPEAT=3 for a quick check).
bench-surveys: install-dev
	$(PY) tests/perf/bench_surveys.py

## The 効果検証 pages (#21): region progress for 179 municipalities × 5 年度 of strategies,
## KPIs and tagged applications, p95 < 300 ms (database portal_perf_strategies;
## BENCH_PER_YEAR=2 BENCH_REPEAT=3 for a quick check).
bench-strategies: install-dev
	$(PY) tests/perf/bench_strategy_progress.py

## Mixed load (locust) against gunicorn + PostgreSQL + Redis on 127.0.0.1; see README.
load: install-dev
	$(PY) tests/perf/bench_load.py

## Requests/s of the cached public pages against a bare Django app, gunicorn with 2 workers on
## 127.0.0.1 (PostgreSQL, Redis database 13, wrk). Quiet machine only; about 12 minutes.
throughput: install-dev
	$(PY) tests/perf/bench_throughput.py

## Back up the database and the private files to backups/<timestamp>/ (DATABASE_URL).
backup: install
	$(PY) scripts/backup.py backup

## Restore a backup into the database of DATABASE_URL: make restore BACKUP=backups/<timestamp>
restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/<timestamp>"; exit 1; }
	$(PY) scripts/backup.py restore $(BACKUP)

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles
