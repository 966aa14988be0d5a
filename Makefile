# Every target sets up .venv on first use (python3 -m venv; the project with every extra, in
# editable mode, and the `dev` dependency group of pyproject.toml).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CODE := typedsignals sphinx_ext
EXTRAS := mypy,sphinx,docs,django,celery,opentelemetry

.PHONY: install lint test soak packaging demo bench bench-instructions docs docs-serve matrix clean
.PHONY: typecheck-matrix

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[$(EXTRAS)]" --group dev
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict $(CODE)

test: lint
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site-check
	$(BIN)/pytest
	@printf '\n== the runtime suite again, without the fast paths (TYPEDSIGNALS_FAST_PATHS=0)\n'
	TYPEDSIGNALS_FAST_PATHS=0 $(BIN)/pytest -q tests/runtime tests/reliability/test_trust_properties.py

# Not part of `make test`: tests/reliability with its long variants (minutes); prints the
# figures (sends/s under contention, memory growth, examples tried).
soak: install
	SOAK=1 $(BIN)/pytest tests/reliability -q

# The sdist and the wheel as a user meets them: make test installs the wheel alone and with
# the docs extra into fresh virtualenvs; this adds one with the other extras (a minute or two).
packaging: install
	$(BIN)/pytest tests/packaging -m "" -q

demo: install
	cd examples && ../$(BIN)/python -m pizzeria
	@printf '\n== a pizzeria receiver on a Celery worker (in-memory transport, worker in-process)\n'
	cd examples && ../$(BIN)/python celery_demo.py
	@printf '\n== examples/django_demo: a typed post_save receiver (typedsignals.contrib.django)\n'
	cd examples && ../$(BIN)/python -m django_demo
	@printf '\n== durable=True: an event committed while the broker is down reaches the worker (outbox, relay)\n'
	cd examples && ../$(BIN)/python outbox_demo.py
	$(BIN)/sphinx-build -W -n -q -b html examples/pizzeria_docs build/demo-docs
	@echo "The pizzeria's reference docs (sphinx_ext): $(CURDIR)/build/demo-docs/index.html"
	@printf '\n== mypy with the typedsignals.mypy plugin (examples/mypy.ini): the pizzeria is clean\n'
	cd examples && ../$(BIN)/mypy -p pizzeria
	@printf '\n== and what it reports for examples/pizzeria_mistakes.py (mistakes on purpose)\n'
	cd examples && ../$(BIN)/mypy pizzeria_mistakes.py; test $$? -eq 1
	@printf '\n== typedsignals check: a copy of the pizzeria whose size lost its default, against examples/pizzeria/signals.lock.json\n'
	rm -rf build/contract-demo && mkdir -p build/contract-demo && cp -r examples/pizzeria build/contract-demo/
	$(BIN)/python -c "import pathlib; p = pathlib.Path('build/contract-demo/pizzeria/signals.py'); p.write_text(p.read_text().replace('Field(default=30, gt=0,', 'Field(gt=0,'))"
	cd build/contract-demo && ../../$(BIN)/python -m typedsignals check pizzeria --against pizzeria/signals.lock.json; test $$? -eq 1

bench: install
	$(BIN)/python -m pip install -q --group bench
	$(BIN)/python benchmarks/bench_dispatch.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_celery.py
	$(BIN)/python benchmarks/bench_outbox.py
	$(BIN)/python benchmarks/bench_mypy.py
	$(BIN)/python benchmarks/bench_opentelemetry.py

# The dispatch cases in CPU instructions (callgrind): ratios free of a shared machine's noise.
bench-instructions: install
	$(BIN)/python -m pip install -q --group bench
	$(BIN)/python benchmarks/bench_instructions.py

docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

# Not part of `make test`: Python 3.11/3.12/3.13 with the newest dependencies, and 3.11 with the
# oldest pyproject.toml claims. Interpreters come from pyenv (or whatever python3.1x is on PATH).
matrix: install
	PATH="$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[123].*/bin 2>/dev/null | tr '\n' ':')$$PATH" \
		$(BIN)/nox $(NOX_ARGS)

# The corpus of tests/typecheck under mypy with and without the plugin, pyright, basedpyright,
# ty and pyrefly, with what each reports (~25 s); make test runs the fast part (TYPECHECK_MATRIX=1
# there runs all six). --write-docs regenerates the table in docs/static-checking.md.
typecheck-matrix: install
	$(BIN)/python -m tests.typecheck.matrix

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis site
