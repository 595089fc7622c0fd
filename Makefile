# One-line targets. The first run creates .venv/ from requirements.lock; nothing else needs installing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The pinned npm tools of interop/ (Redocly CLI renders the published HTML reference); node and npm are needed.
NPM_STAMP := interop/node_modules/.package-lock.sha256
PORT ?= 8080
# The vendors' own Python clients (tests/vendor/requirements.lock), in their own venv, for the outside check.
VENDOR_STAMP := .venv-vendor/.lock.sha256

.PHONY: generate validate check static test lint typecheck golden clean mock publish changelog interop bench docs-check update-from-docs corpus

generate: $(STAMP)  ## validate the specs, then regenerate generated/ (does nothing when it is current)
	$(PY) -m generator generate

validate: $(STAMP)  ## validate spec/*.yaml (OpenAPI 3.1 + the project's rules)
	$(PY) -m generator validate

test: $(STAMP) $(NPM_STAMP) $(VENDOR_STAMP)  ## run the test suite (the vendor clients' venv is made first)
	$(PY) -m pytest -q

check: static test  ## everything: the static checks, then the tests

static: lint typecheck interop  ## lint, types, interop (TypeScript, Redocly lint), generated/ current, docs check; no tests
	$(PY) -m generator check
	$(PY) -m generator docs-check --if-configured

lint: $(STAMP)
	$(PY) -m ruff check generator tests mockserver bench corpus
	$(PY) -m ruff format --check generator tests mockserver bench corpus
	$(PY) -m ruff check --isolated --line-length=120 --target-version=py311 generated

typecheck: $(STAMP)  ## mypy --strict over the code, the generated SDKs and tests/ (tests/golden excluded: pyproject.toml)
	$(PY) -m mypy --strict generator mockserver bench corpus generated/karat_sdk generated/unicat_sdk tests

docs-check: $(STAMP)  ## compare the vendor doc pages (docs-pages in pyproject.toml) with spec/ and list every difference
	$(PY) -m generator docs-check

# The whole loop after a vendor doc edit: fix spec/ from the pages, regenerate, show what changed for SDK users
# (against a copy of spec/ taken first), then what is left for a person. Exit 0 when nothing is left, 1 otherwise.
update-from-docs: $(STAMP)  ## docs-check --fix, make generate, the changelog of the change, then the drifts left (exit 1 if any)
	@before=$$(mktemp -d) && cp -R spec "$$before/spec" && \
	{ $(PY) -m generator docs-check --fix > "$$before/fix.txt"; fixed=$$?; \
	  grep -v '^left for a person: ' "$$before/fix.txt"; \
	  if [ $$fixed -gt 1 ]; then rm -rf "$$before"; exit $$fixed; fi; \
	  $(PY) -m generator generate --no-changelog || { rm -rf "$$before"; exit 2; }; \
	  echo "== changelog of the fix (spec/ before -> now)"; $(PY) -m generator diff "$$before/spec" spec; \
	  rm -rf "$$before"; echo "== drifts left for a person"; $(PY) -m generator docs-check; }

corpus: $(STAMP)  ## ours vs the stock openapi-python-client on ../shared/corpus/openapi: generated, imports, mypy, calls
	$(PY) -m corpus

golden: $(STAMP)  ## rewrite tests/golden/*/expected by running the generator
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/codegen/test_golden.py

mock: $(STAMP)  ## serve spec/*.yaml (or SPEC=spec/karat.yaml) on 127.0.0.1:$(PORT) with generated data
	$(PY) -m mockserver --port $(PORT) $(if $(SPEC),--spec $(SPEC))

$(NPM_STAMP): interop/package-lock.json
	npm ci --prefix interop --no-audit --no-fund --loglevel=error
	sha256sum interop/package-lock.json | cut -d' ' -f1 > $(NPM_STAMP)

$(VENDOR_STAMP): tests/vendor/requirements.lock $(STAMP)
	$(PY) -m tests.vendor.venv

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

clean:
	rm -rf $(VENV) .venv-vendor .corpus-cache .pytest_cache .mypy_cache .ruff_cache

publish: generate $(NPM_STAMP)  ## write dist/: each spec bundled (YAML, JSON) with its hash, an HTML reference, the SDK wheel and sdist
	$(PY) -m generator publish

changelog: $(STAMP)  ## the API changes of spec/ since the last commit (HEAD), each breaking or not
	$(PY) -m generator diff HEAD spec

interop: $(STAMP) $(NPM_STAMP)  ## publish; a TypeScript client against the local server, TypeScript types, Redocly lint, the reference in chromium
	PY=$(PY) bash interop/check.sh

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) bench/requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.lock -c requirements.lock
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)  ## benchmarks (a few minutes, not part of test): generation and client throughput against the alternatives
	$(PY) bench/run.py
