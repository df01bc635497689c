# The two commands: `make run` (the demo on http://localhost:8080) and `make test` (everything CI
# runs). Both install what is missing first (scripts/setup).

BUILD_RELEASE := build/release
BUILD_CI      := build/ci
BUILD_FUZZ    := build/fuzz
JOBS          ?= $(shell nproc)
FUZZ_SECONDS  ?= 15
LISTEN        ?= 127.0.0.1:8080

.PHONY: run test setup release ci web fuzz test-unit test-web test-fuzz bench fmt lint clean

run: setup release web
	$(BUILD_RELEASE)/gemba demo --listen $(LISTEN)

test: setup ci test-unit test-web test-fuzz

setup:
	@scripts/setup

release:
	@cmake -S . -B $(BUILD_RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGEMBA_TESTS=OFF >/dev/null
	@ninja -C $(BUILD_RELEASE) -j$(JOBS) gemba

ci:
	@cmake -S . -B $(BUILD_CI) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGEMBA_SANITIZE=ON \
	  -DGEMBA_WERROR=ON -DGEMBA_BENCH=OFF >/dev/null
	@ninja -C $(BUILD_CI) -j$(JOBS)

# Every ctest test, with a throwaway PostgreSQL cluster so the store suite runs on both adapters.
test-unit: ci
	@GEMBA_REQUIRE_POSTGRES=1 scripts/with-postgres \
	  ctest --test-dir $(BUILD_CI) --output-on-failure -j$(JOBS)

# The web app (web/): type-checked and bundled into web/dist, which `gemba serve` serves.
web:
	@cd web && npm run --silent build

# The web app's unit tests (Vitest), then end to end in Debian's Chromium (Playwright) against
# real `gemba demo` servers on fresh databases (web/e2e/global-setup.ts).
test-web: ci web
	@cd web && npx vitest run
	@cd web && GEMBA_BIN=$(BUILD_CI)/gemba npx playwright test

fuzz:
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(BUILD_FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGEMBA_FUZZ=ON >/dev/null
	@ninja -C $(BUILD_FUZZ) -j$(JOBS) fuzz/all

# A short run of every fuzz target over its seed corpus (longer: make test-fuzz FUZZ_SECONDS=600).
test-fuzz: fuzz
	@scripts/run-fuzzers $(BUILD_FUZZ) $(FUZZ_SECONDS)

bench: web
	@cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DGEMBA_TESTS=OFF -DGEMBA_BENCH=ON >/dev/null
	@ninja -C build/bench -j$(JOBS)
	@scripts/run-benchmarks build/bench

fmt:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

lint: ci
	@git ls-files 'src/*.cc' | xargs clang-tidy -p $(BUILD_CI) --quiet

clean:
	rm -rf build
