# Lectern: `make dev` to run it, `make test` to check everything.

SHELL := /bin/bash
CARGO ?= cargo

.PHONY: dev test openapi client bench soak services build clean
.PHONY: audit
.PHONY: fuzz
.PHONY: model

## dev: build the web app, migrate, seed demo content, serve on http://localhost:8080
dev:
	scripts/dev.sh

## test: Rust on SQLite and PostgreSQL, contract checks, web unit tests, a browser journey
test:
	scripts/test.sh

## audit: licences, banned crates, sources and known vulnerabilities of the Rust and web dependencies
audit:
	scripts/audit.sh

## openapi: regenerate openapi/openapi.json from the code
openapi:
	$(CARGO) run -q -p lectern -- openapi > openapi/openapi.json.tmp \
		&& mv openapi/openapi.json.tmp openapi/openapi.json \
		|| { rm -f openapi/openapi.json.tmp; exit 1; }

## client: regenerate web/src/api/schema.d.ts from openapi/openapi.json
client:
	cd web && npm run gen:api

## bench: load-test the read endpoints and measure the job system on every backend (needs wrk)
bench:
	scripts/bench.sh

## soak: 10 minutes of mixed load on PostgreSQL + Redis; fails on any error, stuck or dead jobs, or RSS drift
soak:
	scripts/soak.sh

## fuzz: fuzz the markdown sanitizer, cursor and slug parsers (FUZZ_SECONDS per target, default 300)
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

## model: fetch the built-in embedding model (all-MiniLM-L6-v2, ~90 MB) into data/models/ or LECTERN_MODEL_DIR
model:
	scripts/model.sh

## services: start local PostgreSQL and Redis if they are installed but stopped
services:
	scripts/services.sh

## build: the web app and a release binary (target/release/lectern)
build:
	source scripts/lib.sh && ensure_web_deps
	cd web && npm run build
	$(CARGO) build --release -p lectern

## clean: remove build output (keeps data/)
clean:
	$(CARGO) clean
	rm -rf web/dist web/test-results web/playwright-report .venv-tools
