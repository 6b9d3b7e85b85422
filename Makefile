# The edition's commands. `make book` builds, `make test` tests (building first if needed).
PYTHON := .venv/bin/python

.PHONY: setup book test bench bench-pages serve preview lint lock clean

setup:
	@scripts/setup.sh

book: setup
	$(PYTHON) -m edition build

test: book
	$(PYTHON) -m pytest

bench: setup
	$(PYTHON) -m edition bench

# Bytes per page and Lighthouse scores of the published site only.
bench-pages: book
	$(PYTHON) -m edition bench --pages

serve: setup
	$(PYTHON) -m edition serve

# Rebuilds the HTML when a source is saved and reloads the browser (http://127.0.0.1:8001/).
preview: setup
	$(PYTHON) -m edition preview

# Lint needs only the Python environment, not TeX Live or Chromium.
lint:
	@scripts/setup.sh python
	.venv/bin/ruff check edition tests
	.venv/bin/ruff format --check edition tests

# Re-pin every dependency after editing requirements.in.
lock: setup
	.venv/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		-o requirements.lock requirements.in

clean:
	rm -rf _build
