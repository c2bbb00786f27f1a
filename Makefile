# The course's single entry point. The README's two commands are `make lab` and `make test`;
# each creates the environment (.venv) first when it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kwscourse-installed
# CPU build of PyTorch, installed before anything else: a plain `torch` pulls GBs of CUDA.
TORCH  ?= torch==2.13.0
PYTEST_NOTEBOOKS := notebooks/en notebooks/es
# Real public weights beside the checkout (never committed): copied into the cache
# the way a first download would fill it, when present.
REALDATA ?= ../shared/realdata
DATA     := $(or $(KWSCOURSE_DATA),data)

.PHONY: voices lab test unit notebooks exercises check-notebooks site bench env seed-cache clean-env colab-check colab-freeze

env: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	@touch $(STAMP)

seed-cache:
	@if [ -f $(REALDATA)/yamnet/yamnet_classification_waveform15600.tflite ]; then \
		mkdir -p $(DATA)/yamnet && \
		cp -n $(REALDATA)/yamnet/yamnet_classification_waveform15600.tflite $(DATA)/yamnet/yamnet_classification.tflite && \
		cp -n $(REALDATA)/yamnet/yamnet_class_map.csv $(DATA)/yamnet/yamnet_class_map.csv && \
		echo "YAMNet TFLite weights and class map copied from $(REALDATA) into $(DATA)/yamnet"; \
	fi
	@if [ -d $(REALDATA)/clips ]; then \
		mkdir -p $(DATA)/examples && cp -n $(REALDATA)/clips/*.wav $(DATA)/examples/ && \
		echo "YAMNet tutorial clips copied from $(REALDATA)/clips into $(DATA)/examples"; \
	fi

# Flite and Festival speak the synthetic keywords beside eSpeak NG (which ships with the
# package): more voices make a model that holds up on real ones. Installed when this user may
# (root with apt); without them synthesis uses eSpeak NG alone and says so.
SPEECH_ENGINES := flite festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts
voices:
	@if command -v flite >/dev/null 2>&1 && [ -d /usr/share/festival/voices/us/cmu_us_slt_arctic_hts ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SPEECH_ENGINES) >/dev/null) \
			|| echo "Flite and Festival could not be installed: synthetic keywords use eSpeak NG alone"; \
	else echo "Install Flite and Festival for more synthetic voices: sudo apt-get install $(SPEECH_ENGINES)"; fi

## Open the course in JupyterLab.
lab: $(STAMP) seed-cache voices
	$(BIN)/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

## The whole test suite: doctests, unit and end-to-end tests, and every notebook in both languages
## (smoke mode). On every core (pytest-xdist keeps a file, so a notebook's cells, on one worker),
## then alone the browser tests that hear a fake microphone in real time (busy cores drop audio).
PYTEST_RUN := KWSCOURSE_SMOKE=1 TF_CPP_MIN_LOG_LEVEL=3 MPLBACKEND=Agg $(BIN)/python -m pytest -p no:cacheprovider
test: $(STAMP) seed-cache voices
	$(PYTEST_RUN) -n auto --dist loadfile -m "not realtime" --doctest-modules kwscourse tests $(PYTEST_NOTEBOOKS) \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=900
	$(PYTEST_RUN) -m realtime tests/e2e

## The Colab twin (needs root): Colab's Python 3.13 and packages in a Debian chroot, built once
## from tools/colab/pip-freeze.txt. Installs the course as each notebook's first cell does, fails
## on any changed preinstalled version, and runs every notebook (smoke mode) in both languages.
colab-check: $(STAMP)
	$(PYTHON) tools/colab_twin.py check

## Copy Colab's newest package list (googlecolab/backend-info) into tools/colab/.
colab-freeze:
	$(PYTHON) tools/colab_twin.py refresh

## Fast feedback while developing: doctests and tests/unit, without what trains for long (-m "not slow").
## tests/e2e (browsers, kernels, grading sandboxes) and the notebooks run in `make test` only.
unit: $(STAMP)
	KWSCOURSE_SMOKE=1 TF_CPP_MIN_LOG_LEVEL=3 MPLBACKEND=Agg $(BIN)/python -m pytest --doctest-modules kwscourse tests/unit \
		-m "not slow" -p no:cacheprovider

## Rebuild notebooks/en and notebooks/es from notebooks/src.
notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py

## Rebuild the student exercise notebooks and the public tests with otter assign.
exercises: $(STAMP)
	$(BIN)/python tools/build_exercises.py

check-notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py --check
	$(BIN)/python tools/build_exercises.py --check

## Execute every lesson in both languages (smoke mode) and write their HTML to docs/site/
## (commit it: CI does not execute the lessons again, tests/e2e/test_site.py checks it is current).
site: $(STAMP) seed-cache
	KWSCOURSE_SMOKE=1 TF_CPP_MIN_LOG_LEVEL=3 MPLBACKEND=Agg $(BIN)/python tools/build_site.py

## Measure performance and write docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean-env:
	rm -rf $(VENV)
