# One tag set everywhere: a different one recompiles SQLite and the grammars.
export GOFLAGS := -tags=sqlite_fts5 -buildvcs=false
GO      ?= go
BIN     := bin/homer
REPO    ?= .
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: homer build test fuzz bench bench-graph bench-accuracy bench-parse proto examples hook vet clean report-screenshot

## homer: build Homer and analyse REPO (this repository by default) with its homer.hcl
homer: build
	@./$(BIN) update $(REPO); code=$$?; \
	if [ $$code -eq 10 ]; then echo "homer: finished with warnings (exit 10, partial success)"; \
	elif [ $$code -ne 0 ]; then exit $$code; fi

## build: compile bin/homer
build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/homer

## test: every test (unit, golden, plugin subprocesses, end to end)
test:
	$(GO) test -timeout 14m ./...
	cd sdk && $(GO) test -timeout 5m ./...
	cd examples/homer-lang-lua && $(GO) test -timeout 5m ./...

## fuzz: every fuzz target for FUZZTIME each (10m), one after another (bench/fuzz.sh lists them;
## FUZZ=regexp picks some, PARALLEL=1 leaves a core free). `make test` runs their seed corpora.
FUZZTIME ?= 10m
fuzz:
	FUZZTIME=$(FUZZTIME) bash bench/fuzz.sh

## bench: synthetic repositories through homer init/update, then graph benchmarks; SIZES=small for
## 1K files/5K commits only (the default, all four sizes up to 50K/250K, takes hours; bench/README.md)
bench: build
	bash bench/run.sh
	$(MAKE) bench-graph

bench-graph:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./core/graph/ ./core/analyze/...

## bench-accuracy: score Homer's call and import edges against each language's compiler or type
## checker (installs the oracles; REPO_GO=..., REPO_PYTHON=..., one local clone per language, see
## bench/accuracy/README.md; a language whose variable is unset is skipped)
bench-accuracy: build
	@set -e; for s in bench/accuracy/*/run.sh; do HOMER=$(CURDIR)/$(BIN) bash $$s; done

## bench-parse: parse throughput per language plugin, in-process and through the plugin boundary (BENCH_REPO=...)
bench-parse: build
	$(GO) run ./bench/parse -homer $(BIN) -repo $(or $(BENCH_REPO),.)

## proto: regenerate sdk/internal/pb from sdk/proto (needs protoc, protoc-gen-go, protoc-gen-go-grpc)
proto:
	protoc -I sdk/proto --go_out=. --go_opt=module=github.com/homer-dev/homer \
		--go-grpc_out=. --go-grpc_opt=module=github.com/homer-dev/homer sdk/proto/*.proto

## report-screenshot: render REPO's homer-report.html (make homer first) to a PNG with headless chromium
## (REPORT_PNG=homer-report.png, REPORT_HEIGHT=4000 pixels)
REPORT_PNG    ?= homer-report.png
REPORT_HEIGHT ?= 4000
report-screenshot:
	@test -f $(REPO)/homer-report.html || { echo "no $(REPO)/homer-report.html: run make homer (homer.hcl needs a renderer \"report\" block)"; exit 1; }
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$$(mktemp -d) \
		--window-size=1280,$(REPORT_HEIGHT) --screenshot=$(abspath $(REPORT_PNG)) file://$(abspath $(REPO))/homer-report.html 2>/dev/null
	@echo "wrote $(REPORT_PNG)"

## examples: build the example third-party plugin into bin/
examples:
	cd examples/homer-lang-lua && $(GO) build -o ../../bin/homer-lang-lua .

## hook: install the pre-commit hook (hooks/pre-commit) in this clone
hook:
	ln -sf ../../hooks/pre-commit "$$(git rev-parse --git-path hooks)/pre-commit"

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.pb\.go$$'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '\.pb\.go$$'); exit 1; }

clean:
	rm -rf bin .homer
