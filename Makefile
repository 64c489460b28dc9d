# Gatehouse — the two set-up commands are `make run` and `make test`.
#
# Both install what is missing first (Debian packages via apt-get, Python test clients into
# .venv from a pinned requirements file), so they work on a fresh machine.

SWIFT       ?= swift
PYTHON      ?= python3
VENV        := .venv
VENV_PY     := $(VENV)/bin/python
REQUIREMENTS:= Tests/Interop/requirements.txt
APT_PACKAGES:= libssl-dev libjwt-dev libsqlite3-dev pkg-config curl python3-venv
BIN_DEBUG   := .build/debug/gatehouse
BIN_RELEASE := .build/release/gatehouse

.PHONY: run test build build-tests unit interop bench bench-http bench-http-deps peers fmt lint deps venv clean sanitize sanitize-address sanitize-thread

## run: install what is missing, build, start `gatehouse serve` on the embedded demo
## (Policies/demo/gateway.yaml), play a short scripted demo against it, then keep serving and print
## commands to paste until Ctrl-C (Policies/demo/serve-demo.sh; PORT and DATA_DIR override 8080 and
## ./.gatehouse). The signing-only demo: bash Policies/demo/run-demo.sh .build/debug/gatehouse.
run: deps build
	@bash Policies/demo/serve-demo.sh $(BIN_DEBUG)

## test: install what is missing, build once, run every Swift test and the interop suite.
test: deps venv lint build-tests
	$(SWIFT) test --skip-build --parallel
	$(MAKE) interop

build:
	$(SWIFT) build --product gatehouse

## CI_DEBUG_INFO: what CI's debug builds carry. `.ci/run` sets line tables only (file and line
## for every trap, sanitizer report and test failure, none of full DWARF's variable and type
## information, which a CI log never uses): the three clean debug builds of a CI run (plain,
## AddressSanitizer, ThreadSanitizer) are most of its 40 minutes. Empty (full debug info) here.
CI_DEBUG_INFO ?=

build-tests:
	$(SWIFT) build --build-tests $(CI_DEBUG_INFO)

unit:
	$(SWIFT) test --skip-build --parallel

## interop: the Python suite against the debug binary, on INTEROP_WORKERS pytest-xdist workers
## (default 2: 1,213 tests took 425 s on one and 221 s on two on this 2-core machine; most of a
## test is waiting on a gatehouse process or a server). INTEROP_WORKERS=0 runs them in-process.
INTEROP_WORKERS ?= 2

interop: venv
	GATEHOUSE_BIN=$(abspath $(BIN_DEBUG)) $(VENV_PY) -m pytest -q -n $(INTEROP_WORKERS) Tests/Interop

## sanitize: every Swift test under AddressSanitizer, then under ThreadSanitizer. Only this
## package's targets are instrumented (GATEHOUSE_SANITIZER, read by Package.swift): they are
## rebuilt in .build with the sanitizer, and the dependencies the plain build compiled are reused,
## where `--sanitize` rebuilt all of them (BoringSSL alone ~140 s) in a folder per sanitizer. The
## next plain build recompiles our targets. CI runs it after `make test` (.ci/run);
## `make sanitize-address` or `make sanitize-thread` runs one. Time bounds hold under both:
## CPU-bound ones are scaled by TestSupport's `Sanitizer` (with the measured reason beside each),
## and async calls are timed on a thread of their own (`DedicatedExecutor`), not on the busy test
## pool, whose queue alone took 62 s under AddressSanitizer.
sanitize: sanitize-address sanitize-thread

# LeakSanitizer (part of AddressSanitizer on Linux) reads its suppressions from a file; each entry
# says why the leak is not ours.
sanitize-address: export LSAN_OPTIONS := suppressions=$(abspath Tests/Sanitizers/lsan-suppressions.txt)
# ThreadSanitizer runs without suppressions: shared state is behind GatehouseCore's LockedBox
# (a pthread mutex, which it sees), not Synchronization's Mutex (a contended one is handed over
# in uninstrumented code, which it reported as races).

sanitize-address sanitize-thread: sanitize-%: deps
	GATEHOUSE_SANITIZER=$* $(SWIFT) build --product gatehousePackageTests $(CI_DEBUG_INFO)
	GATEHOUSE_SANITIZER=$* $(SWIFT) test --skip-build

## bench: release build, Gatehouse's hot paths, then the Python peers on the same work.
## BENCH_SECONDS per benchmark (default 2), BENCH_ROUNDS interleaved rounds (default 15: on a
## shared VM a median of many short rounds is steadier than one of a few long ones).
bench: venv
	$(VENV_PY) -m pip install -q --disable-pip-version-check -r bench/requirements.txt
	$(SWIFT) build -c release --product gatehouse
	$(BIN_RELEASE) bench --json --seconds $${BENCH_SECONDS:-2} --rounds $${BENCH_ROUNDS:-15} --export-workload .build/bench-workload > .build/bench.json
	$(VENV_PY) bench/peers.py --gatehouse-json .build/bench.json --workload .build/bench-workload --seconds $${BENCH_SECONDS:-2}

## bench-http: Gatehouse in front of a static backend against nginx in front of the same one, with
## wrk (bench/http/run.py: every server on one worker thread, on free loopback ports, stopped at the
## end). Prints one JSON object. BENCH_HTTP_SECONDS per load (default 5), BENCH_HTTP_CONNECTIONS
## (default 32). A benchmark, never run by CI.
BENCH_HTTP_APT_PACKAGES := wrk nginx-light

bench-http: deps bench-http-deps
	$(SWIFT) build -c release --product gatehouse
	$(PYTHON) bench/http/run.py --gatehouse $(BIN_RELEASE)

# wrk and nginx from Debian, only when missing (nginx's own service is not started: the script
# runs its instances in the foreground on free ports).
bench-http-deps:
	@missing=""; command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $$SUDO apt-get install -y -qq $$missing; \
	fi

fmt:
	$(SWIFT) format format --in-place --recursive --parallel Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

# Debian packages: only what is missing, `apt-get update` first (a fresh machine has no lists).
# Node.js runs the node authorizer template in the interop suite; any `node` on PATH will do.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: $(REQUIREMENTS)
	$(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install -q --disable-pip-version-check -r $(REQUIREMENTS)
	@touch $@

clean:
	rm -rf .build $(VENV)
