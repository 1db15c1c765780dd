# Handledarappen. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench wheel-check package clean

$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 eller nyare behövs.")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) packaging/ensure_x11_libs.py
	$(VENV)/bin/handledare-app

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check handledare_app tests benchmarks packaging
	$(VENV)/bin/ruff format --check handledare_app tests benchmarks packaging
	$(VENV)/bin/mypy handledare_app

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_startup.py
	$(PY) benchmarks/bench_bulk.py
	$(PY) benchmarks/bench_exchange.py --scale $(or $(EXCHANGE_SCALE),1.0)
	$(PY) benchmarks/bench_certificates.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_participants_ui.py

# A non-editable install from the wheel, used from another folder: resources must be found.
wheel-check: $(STAMP)
	rm -rf build dist /tmp/handledare-wheel-venv /tmp/handledare-wheel-data
	$(PY) -m pip wheel -q --no-deps -w dist .
	$(PYTHON) -m venv /tmp/handledare-wheel-venv
	/tmp/handledare-wheel-venv/bin/pip install -q dist/handledare_app-*.whl
	cd /tmp && /tmp/handledare-wheel-venv/bin/handledare-app --version
	cd /tmp && /tmp/handledare-wheel-venv/bin/handledare-app --data-dir /tmp/handledare-wheel-data demo --deltagare 5
	cd /tmp && /tmp/handledare-wheel-venv/bin/handledare-app --data-dir /tmp/handledare-wheel-data check

# PyInstaller one-folder build, its self-test (frozen and from source) and the Linux
# tarball. Needs desktop-file-utils and binutils (strip); xvfb for the X11 self-test.
package: $(STAMP)
	$(PY) -m pip install -q -e ".[package]"
	$(PY) packaging/build.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
