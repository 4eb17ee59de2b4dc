# Two commands do all the set-up on a fresh machine with Python 3.11 and pip:
#   make demo   install newsdesk into .venv and run it on the bundled demo corpus
#   make test   install newsdesk with its test dependencies into .venv and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test bench fuzz clean train-ner train-ner-encoder train-gazetteer

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/newsdesk demo

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
test: $(VENV)/.installed-test
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

# Retrain the German NER model from ../shared/datasets/germeval2014_ner (one thread: ~1 h on a laptop core)
# and copy it into src/newsdesk/lang/de/ner; see training/ner/README.md.
train-ner: $(VENV)/.installed-train
	OMP_NUM_THREADS=1 $(BIN)/newsdesk -v train ner

# Fine-tune multilingual-e5-small's lower layers as the German encoder tagger (~55 min on 2 cores) and copy it into
# src/newsdesk/lang/de/ner-encoder; see training/ner/README.md.
train-ner-encoder: $(VENV)/.installed-train
	$(BIN)/newsdesk -v train ner-encoder

train-gazetteer: $(VENV)/.installed-train
	$(BIN)/newsdesk train gazetteer

$(VENV)/.installed-train: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[train]'
	touch $@ $(VENV)/.installed

# Every benchmark, one after the other (about 45 minutes on 2 cores); each script also runs alone, see bench/*.py.
BENCH_ARTICLES ?= 100000
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --generated $(BENCH_ARTICLES)
	$(BIN)/python bench/bench_analyze.py --workers 2
	OMP_NUM_THREADS=1 $(BIN)/python bench/bench_ner.py
	$(BIN)/python bench/bench_cluster.py --docs $(BENCH_ARTICLES) --block 10000
	$(BIN)/python bench/bench_desk.py --articles $(BENCH_ARTICLES) --block 10000
	$(BIN)/python bench/bench_dossier.py
	$(BIN)/python bench/bench_postgres.py --articles $(BENCH_ARTICLES)
	$(BIN)/python bench/bench_distributed.py --articles 1028

# Fuzz every parser newsdesk owns for FUZZ_SECONDS each (Hypothesis, from the test extra); exits 1 on a finding.
FUZZ_SECONDS ?= 60
fuzz: $(VENV)/.installed-test
	cd bench && ../$(BIN)/python fuzz_parsers.py --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) newsdesk-demo .pytest_cache
