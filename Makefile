# cxlint: two commands on a fresh Debian machine.
#   make demo   install everything (venv, packages, a Chromium) and scan the bundled demo site
#   make test   the same set-up, then the whole test suite (what CI runs)
# Both are quick once the set-up is done: the install step reruns only when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.cxlint-installed

.PHONY: demo test install browser lint bench clean

demo: install browser
	$(VENV)/bin/cxlint demo --out cxlint-demo-report

# Test files run in parallel, one worker per core (at most 4): most of a test's time is a real
# Chromium loading pages, and a file's module-scoped scans stay on one worker (--dist loadfile).
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)

test: install browser
	$(PY) -m pytest -q -n $(JOBS) --dist loadfile --durations=15

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv python3-pip && $(PYTHON) -m venv $(VENV); \
	  else echo "cxlint: python3 -m venv failed: run 'sudo apt-get install -y python3-venv'"; exit 2; fi; }
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

browser: install
	@$(VENV)/bin/cxlint install-browser

lint: install
	$(VENV)/bin/ruff check cxlint tests bench

clean:
	rm -rf $(VENV) cxlint-report cxlint-demo-report .pytest_cache
