# storagekit: set up, run and test the course kit.
#
#   make setup             virtual env in .venv, the kit + test tools, a working `dot`
#   make lab               open the course in JupyterLab
#   make test              lint, unit tests (the labs in a real browser too), then every notebook against its saved outputs
#   make lint              ruff (style, likely bugs, imports) over the repository, mypy (types) over the package
#   make test-browser      only the labs in JupyterLab in headless Chromium (needs /usr/bin/chromium)
#   make record-screenshots  photograph the labs anew as the browser tests' references (look at them!)
#   make refresh-outputs   re-run the notebooks and save their outputs (review the diff!)
#   make record-golden     re-record the diagrams' golden DOT files (review the diff!)
#   make environment.yml   regenerate the conda/Binder environment from pyproject.toml
#
# Needs only GNU make and python3 (with venv). Variables:
#   VENV=.venv        where the virtual env lives
#   PYTHON=python3    the interpreter that creates it
#   GRAPHVIZ=auto     auto:   use a `dot` already on PATH (OS package, conda), else graphviz-pure
#                     pure:   always use the graphviz-pure wheel, linked as $(VENV)/bin/dot
#                     system: require a `dot` outside the venv (drops a graphviz-pure link)

SHELL      := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV     ?= .venv
PYTHON   ?= python3
GRAPHVIZ ?= auto

VENV_DIR := $(abspath $(VENV))
BIN      := $(VENV_DIR)/bin
STAMP    := $(VENV_DIR)/.storagekit-installed

# Every tool runs from the venv, and so do the kernels they start: a kernel inherits
# PATH, which is how it finds the venv's `dot`. The venv's kernelspec comes first,
# ahead of a stale user-level `python3` kernel.
HOST_PATH := $(PATH)
export PATH := $(BIN):$(HOST_PATH)
export JUPYTER_PATH := $(VENV_DIR)/share/jupyter$(if $(JUPYTER_PATH),:$(JUPYTER_PATH))
export PIP_DISABLE_PIP_VERSION_CHECK := 1

NOTEBOOKS := $(sort $(shell find notebooks -name '*.ipynb' -not -path '*/.*' 2>/dev/null))
# The labs' demo notebook: checked by nbval like the course, clicked through by the browser tests.
LAB_NOTEBOOKS := tests/widgets/labs.ipynb
NBVAL     := --nbval --nbval-current-env --nbval-sanitize-with nbval-sanitize.cfg

.PHONY: help setup graphviz lab lint test test-unit test-notebooks test-browser record-screenshots refresh-outputs \
        record-golden environment.yml env bench clean distclean

help:
	@sed -n 's/^#   make /  make /p' $(firstword $(MAKEFILE_LIST))

# ---------------------------------------------------------------- set-up

setup: $(STAMP) graphviz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV_DIR)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall only when pyproject.toml changed (the stamp lives in the venv, so a new
# venv always gets a fresh install).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

# `dot` for the python graphviz bindings, which look it up on PATH.
graphviz: $(STAMP)
	@venv_dot="$(BIN)/dot"; \
	host_dot=$$(PATH="$(HOST_PATH)" command -v dot || true); \
	if [ "$$host_dot" = "$$venv_dot" ]; then host_dot=""; fi; \
	case "$(GRAPHVIZ)" in \
	  auto) if [ -e "$$venv_dot" ] || [ -z "$$host_dot" ]; then use_pure=1; else use_pure=0; fi ;; \
	  pure) use_pure=1 ;; \
	  system) use_pure=0; \
	    if [ -L "$$venv_dot" ]; then rm -f "$$venv_dot"; fi; \
	    if [ -z "$$host_dot" ]; then echo "GRAPHVIZ=system but no dot on PATH" >&2; exit 1; fi ;; \
	  *) echo "GRAPHVIZ must be auto, pure or system (got '$(GRAPHVIZ)')" >&2; exit 2 ;; \
	esac; \
	if [ $$use_pure = 1 ]; then \
	  if [ ! -x "$(BIN)/graphviz-pure" ]; then \
	    echo "installing the graphviz-pure wheel as $$venv_dot"; \
	    $(BIN)/python -m pip install -q graphviz-pure; \
	  fi; \
	  ln -sf graphviz-pure "$$venv_dot"; \
	fi
	@$(BIN)/python -c 'import shutil, graphviz; \
	svg = graphviz.Digraph(body=["image -> container"]).pipe(format="svg", encoding="utf-8"); \
	assert "<svg" in svg, svg[:200]; \
	print("graphviz OK: dot =", shutil.which("dot"))'

# ---------------------------------------------------------------- use

lab: setup
	@nb=notebooks/00-start-here.ipynb; [ -f $$nb ] || nb=notebooks; \
	root=""; [ "$$(id -u)" != 0 ] || root=--allow-root; \
	set -x; jupyter lab $$root $$nb

bench: setup
	@for script in benchmarks/*.py; do echo "== $$script"; python $$script || exit 1; done

# ---------------------------------------------------------------- tests

test: lint test-unit test-notebooks

# Settings for both live in pyproject.toml ([tool.ruff], [tool.mypy]).
lint: setup
	ruff check .
	mypy

# pytest exits 5 when it collected nothing: that is a failure here, never a pass.
test-unit: setup
	@rc=0; pytest -q || rc=$$?; \
	if [ $$rc = 5 ]; then echo "error: pytest collected no tests in tests/" >&2; fi; \
	exit $$rc

# Strict nbval: every cell's output must match the saved one (after nbval-sanitize.cfg),
# except cells tagged nbval-ignore-output (run, output not compared), nbval-skip or
# raises-exception.
test-notebooks: setup
	@rc=0; pytest -q $(NBVAL) $(NOTEBOOKS) $(LAB_NOTEBOOKS) || rc=$$?; \
	if [ $$rc = 5 ]; then echo "error: nbval collected no cells from the notebooks" >&2; fi; \
	exit $$rc

# The labs in JupyterLab, driven by Playwright in the system's Chromium (apt-get install chromium;
# never `playwright install`); skipped with the reason where Chromium is missing.
test-browser: setup
	pytest -q -m browser tests/widgets

# New reference screenshots for the browser tests, in tests/widgets/screenshots/: look at each
# one before committing it.
record-screenshots: setup
	STORAGEKIT_RECORD_SCREENSHOTS=1 pytest -q -m browser tests/widgets/test_browser.py

# Widget state is saved with the outputs (nbclient's default), so a saved notebook shows the labs.
refresh-outputs: setup
	jupyter execute --inplace --timeout=120 $(NOTEBOOKS) $(LAB_NOTEBOOKS)

# The diagram tests compare DOT text with tests/viz/*/golden/*.dot; this writes them anew.
record-golden: setup
	STORAGEKIT_RECORD_GOLDEN=1 pytest -q tests/viz

# ---------------------------------------------------------------- environment.yml

# Always regenerated (it takes a fraction of a second). tests/test_environment_file.py
# runs the same command and fails when the committed file differs.
P2C_CMD := pyproject2conda yaml --extra test --python-include infer --name storagekit \
           --pip-dep "-e ." --custom-command "make environment.yml"

environment.yml: $(STAMP)
	$(P2C_CMD) --output $@

env: environment.yml

# ---------------------------------------------------------------- cleaning

clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis
	find . \( -path ./.git -o -path ./$(VENV) \) -prune -o \
	  \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV_DIR)
