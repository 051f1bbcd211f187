# Each target bootstraps .venv on a fresh machine with nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# mkdocs-material prints a banner about MkDocs 2 on every build; we pin mkdocs<2 on purpose.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install build public serve test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Build into a temporary folder and swap it in only when the build succeeds,
# so a failed build never leaves a half-written site/.
build: $(STAMP)
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict --site-dir site.tmp
	rm -rf site.old && if [ -d site ]; then mv site site.old; fi && mv site.tmp site && rm -rf site.old

# The public edition (docs/guide/publishing.md): only the policy for everyone, into site-public/.
public: $(STAMP)
	rm -rf site-public.tmp
	$(BIN)/mkdocs build --strict -f mkdocs-public.yml --site-dir site-public.tmp
	rm -rf site-public.old && if [ -d site-public ]; then mv site-public site-public.old; fi \
		&& mv site-public.tmp site-public && rm -rf site-public.old

# --dirty: after a save, only the pages whose output changed are rewritten (docs/reference/site.md, "Preview").
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest

# Speed and memory benchmarks: each prints its figures beside a baseline measured in the same run.
bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf site site.tmp site.old site-public site-public.tmp site-public.old $(VENV)
