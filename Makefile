# Build, run and test the platform. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

ifneq ($(wildcard /opt/swift/usr/bin/swift),)
export PATH := /opt/swift/usr/bin:$(PATH)
endif

PG_PORT       ?= 55432
PG_TEST_PORT  ?= 55433
PG_BENCH_PORT ?= 55434
PG_DATA       := .data/pg
GATEWAY_PORT  ?= 8080
BUILD_DIR     ?= .build/debug
REPLICAS      ?= 1
CC            ?= cc
export PG_TEST_PORT PG_BENCH_PORT GATEWAY_PORT REPLICAS

NN_LOOP := infra/bench/nn_loop
NN_RESERVE := infra/bench/nn_reserve

.PHONY: help deps proto proto-check format format-check deploy-check build db db-stop run test conformance browser bench profile stall ab ceiling chaos clean distclean rotate-claimer-key

help: ## list the targets
	@echo "Targets:"
	@awk -F':.*## ' '/^[a-zA-Z_-]+:.*## / { printf "  %-12s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo
	@echo "Ports: gateway $(GATEWAY_PORT); Postgres $(PG_PORT) (run), $(PG_TEST_PORT) (test), $(PG_BENCH_PORT) (bench)."
	@echo "With DATABASE_URL set, run/test/bench use that database and start no cluster."

deps: ## install missing Debian packages (no-op when present) and check swift is on PATH
	@infra/deps.sh

proto: deps ## regenerate from proto/*.proto: protoc-c's C, the Swift mirrors and method lists, the gateway's routes
	@infra/proto.sh gen

proto-check: deps ## fail when anything generated from proto/ is stale (what CI runs)
	@infra/proto.sh check

format: ## apply swift-format (.swift-format: Hummingbird's settings) to every Swift file
	@infra/format.sh apply

format-check: ## fail when a Swift file is not formatted as swift-format would (what CI runs)
	@infra/format.sh check

deploy-check: ## render infra/deploy/k8s and validate it against the Kubernetes schemas; the compose file against the compose spec (what CI runs)
	@infra/deploy/validate.sh

build: deps ## swift build (debug)
	swift build

db: deps ## start the local Postgres for make run (.data/pg, 127.0.0.1:55432) unless DATABASE_URL is set
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "DATABASE_URL is set: using it, no local cluster started"; \
	else \
		infra/pg.sh start $(PG_DATA) $(PG_PORT) && \
		echo "DATABASE_URL=$$(infra/pg.sh url $(PG_PORT))"; \
	fi

db-stop: ## stop the local Postgres started by make db / make run
	@infra/pg.sh stop $(PG_DATA)

run: deps build ## start Postgres, the five services (REPLICAS=N processes of each) and the gateway on :8080; Ctrl-C stops all
	@infra/run.sh --build-dir $(BUILD_DIR) --pg-data $(PG_DATA) --pg-port $(PG_PORT)

rotate-claimer-key: deps build ## re-seal the claimer's stored API keys under CLAIMER_ENCRYPTION_KEY (old keys in CLAIMER_PREVIOUS_KEYS)
	@DATABASE_URL=$${DATABASE_URL:-$$(infra/pg.sh url $(PG_PORT))} $(BUILD_DIR)/claimer rotate-key

test: deps proto-check format-check deploy-check ## build, throwaway Postgres on :55433, swift test, then conformance and the browser tests (clusters deleted afterwards)
	@infra/test.sh

conformance: deps build ## Schemathesis (PyPI, in .data/venv-conformance) against the running platform's /openapi.json (~1 min)
	@infra/conformance/run.sh --build-dir $(BUILD_DIR)

browser: deps build ## headless Chromium (Debian's) against the pages with a real pos-agent: Tests/BrowserTests (~2 min)
	@infra/browser/run.sh --build-dir $(BUILD_DIR)

$(NN_LOOP): infra/bench/nn_loop.c
	$(CC) -O2 -Wall -o $@ $< $$(pkg-config --cflags --libs nanomsg) -lpthread

# common.proto's Platform service names events.proto's messages; api.proto's options extend descriptor.proto.
$(NN_RESERVE): infra/bench/nn_reserve.c Shared/CProto/src/common.pb-c.c Shared/CProto/src/code_inventory.pb-c.c \
		Shared/CProto/src/events.pb-c.c Shared/CProto/src/api.pb-c.c Shared/CProto/src/google/protobuf/descriptor.pb-c.c
	$(CC) -O2 -Wall -IShared/CProto/include -o $@ $^ $$(pkg-config --cflags --libs nanomsg libprotobuf-c) -lpthread

bench: deps ## release build; C nanomsg loop, platform-bench, wrk gateway vs bus; prints a table
	swift build -c release
	@$(MAKE) --no-print-directory $(NN_LOOP) $(NN_RESERVE)
	@infra/bench/run.sh

profile: deps ## release build; perf profiles of the gateway and the services under the health, earn, redeem and bet loads (.data/profile)
	swift build -c release
	@infra/bench/profile.sh

stall: deps ## release build; loyalty's earn/redeem runs with perf sched and pg_stat_activity sampling (.data/stall)
	swift build -c release
	@infra/bench/stall.sh

ab: deps ## two builds on one bench section, interleaved rounds: make ab A=<build dir> B=<build dir> [AB_SECTION=loyalty|http|markets]
	@infra/bench/ab.sh "$(A)" "$(B)" $(AB_SECTION)

ceiling: deps ## the health ratio with the bus taken out (a patched gateway answers Health in-process), interleaved with the bus (~10 min)
	@infra/bench/ceiling.sh

# BUILD_DIR given (command line or environment): its executables as they are, no build.
chaos: deps ## release build (or BUILD_DIR=...), then faults under a money load: lost/double/stranded effects (~5-8 min)
ifeq ($(origin BUILD_DIR),file)
	swift build -c release
	@infra/chaos/run.sh --build-dir .build/release
else
	@infra/chaos/run.sh --build-dir $(BUILD_DIR)
endif

clean: ## stop local clusters, remove .data, build products (keeps fetched packages)
	-@infra/pg.sh stop $(PG_DATA) >/dev/null 2>&1
	-@infra/pg.sh destroy .data/pg-test >/dev/null 2>&1
	-@infra/pg.sh destroy .data/pg-bench >/dev/null 2>&1
	-@infra/pg.sh destroy .data/pg-chaos >/dev/null 2>&1
	-@infra/pg.sh destroy $(PG_DATA) >/dev/null 2>&1
	rm -rf .data $(NN_LOOP) $(NN_RESERVE)
	-swift package clean

distclean: clean ## clean, and remove .build entirely (next build fetches and compiles everything)
	rm -rf .build
