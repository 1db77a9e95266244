# vmnet: `make demo` runs the main job, `make test` runs the tests; both install what is missing first.
SWIFT ?= swift
BUILD := .build/debug

.PHONY: all deps build test fuzz demo bench-plugins clean

all: build

deps:
	scripts/install-deps.sh

build: deps
	$(SWIFT) build

test: build
	$(SWIFT) build --build-tests
	$(SWIFT) test --parallel
	$(MAKE) fuzz FUZZ_SECONDS=10

# A bounded libFuzzer run of the DHCP packet decoders (the tests run 10 s of it).
FUZZ_SECONDS ?= 60
fuzz:
	Tests/Fuzz/run-dhcp-fuzz.sh $(FUZZ_SECONDS)

demo: build
	scripts/demo.sh $(BUILD)/vmnet

# Plugin loading cost, release build, whole processes (hyperfine); see bench/plugins/RESULTS.md.
bench-plugins: deps
	bench/plugins/run.sh

clean:
	rm -rf .build
