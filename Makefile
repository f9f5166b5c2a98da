# The two commands a newcomer needs: `make run` and `make test`.
# Both use DATABASE_URL when it is set; otherwise .ci/localdb.sh brings up
# a local PostgreSQL (installing it on Debian when missing) and prints its URL.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

BIN := .bin/careers
GO  ?= go

# Expands, inside a recipe, to DATABASE_URL or the local database's URL.
database_url = $${DATABASE_URL:-$$(.ci/localdb.sh)}

.PHONY: help run test check bench fuzz build generate lint fmt clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

run: build ## serve the site with demo data on http://localhost:8080
	url="$(database_url)"; \
	export DATABASE_URL="$$url"; \
	$(BIN) migrate up; \
	$(BIN) seed -if-empty; \
	exec $(BIN) serve

# Test tools from the npm registry, pinned, in an ignored folder: axe-core
# (accessibility rules, injected into pages by the browser tests) and
# vnu-jar (the Nu Html Checker, run with the machine's Java).
NPM_TOOLS := .cache/npm/node_modules/axe-core/axe.min.js .cache/npm/node_modules/vnu-jar/build/dist/vnu.jar

$(NPM_TOOLS):
	npm install --silent --no-audit --no-fund --ignore-scripts --prefix .cache/npm axe-core@4.14.1 vnu-jar@26.9.27

test: lint $(NPM_TOOLS) ## run every test against a real PostgreSQL, with Chromium for the browser tests
	url="$(database_url)"; \
	DATABASE_URL="$$url" $(GO) test -race -count=1 -timeout 20m ./...

# The quick loop while working: formatting, vet and every Go test but the
# browser suite (-short skips it), without the race detector, npm tools,
# golangci-lint or fuzzing. make test stays the gate CI runs.
check: ## quick loop: gofmt, go vet and the Go tests without the browser suite (about a minute)
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	url="$(database_url)"; \
	DATABASE_URL="$$url" $(GO) test -short -count=1 ./...

# nginx (the reference) and wrk (the load) come from Debian; pgbench comes
# with PostgreSQL. The datasets live in databases of their own
# (careers_bench_*), kept between runs.
bench: build ## measure the site against nginx and pgbench (about 30 minutes, ten of them the opening day, which BENCH_SHORT=1 makes one; prints a table)
	@if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get install -y -q nginx wrk >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q nginx wrk; }; \
		else echo "make bench needs nginx and wrk: sudo apt-get install nginx wrk"; exit 1; fi; \
	fi
	url="$(database_url)"; \
	DATABASE_URL="$$url" $(GO) run ./cmd/bench -bin $(BIN) $(BENCH_FLAGS)

# Every fuzz target, as package:Target. make test runs their seed corpora
# (the f.Add seeds and testdata/fuzz/, where found failures are kept).
FUZZ_TARGETS := internal/applications:FuzzCheckResume internal/applications:FuzzCleanFileName \
	internal/applications:FuzzInputValidate internal/server:FuzzReadApplyForm internal/server:FuzzCSVCell \
	internal/roles:FuzzParseQuery internal/searchindex:FuzzParseTSQuery internal/content:FuzzUserMarkdown web:FuzzJobPosting internal/text:FuzzClean
FUZZTIME ?= 30s

fuzz: ## fuzz every target for FUZZTIME each (default 30s)
	url="$(database_url)"; \
	for t in $(FUZZ_TARGETS); do \
		echo "== $${t#*:} ($${t%%:*}, $(FUZZTIME))"; \
		DATABASE_URL="$$url" $(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) ./$${t%%:*} || exit 1; \
	done

build: ## build the binary into .bin/
	$(GO) build -o $(BIN) ./cmd/careers

generate: ## regenerate templ components
	$(GO) tool templ generate

# golangci-lint (settings in .golangci.yml) is pinned in a go.mod of its
# own, .ci/golangci-lint.mod (same module path, as -modfile requires), so
# its hundreds of dependencies never move the versions the site builds
# with. The first run builds it: a few minutes; later runs are cached.
GOLANGCI_LINT := $(GO) tool -modfile=.ci/golangci-lint.mod golangci-lint

lint: ## gofmt, go vet, golangci-lint (staticcheck, gosec, errcheck...) and no unsafe templ helpers
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) mod tidy -diff
	$(GO) test -count=1 -run '^(TestNoUnsafeTempl|TestUnsafeTemplScanner)$$' ./web
	$(GO) vet ./...
	$(GOLANGCI_LINT) run ./...

fmt: ## format the Go and templ sources
	gofmt -w $$(git ls-files '*.go')
	$(GO) tool templ fmt web

clean: ## remove build output
	rm -rf .bin
