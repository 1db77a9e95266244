# vmnet: `make demo` runs the main job, `make test` runs the tests; both install what is missing first.
SWIFT ?= swift
BUILD := .build/debug

.PHONY: all deps build test examples install fuzz demo bench-plugins clean

all: build

deps:
	scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The fuzz run comes before the test run, so the test runner's summary is the last thing printed. The host's own
# namespace is snapshotted before the examples and compared after the tests (vmnet-host-snapshot, Tests/HostSnapshot):
# any link, address, route, iptables or nft rule, sysctl or CNI file the tests changed on the host fails the run.
HOST_SNAPSHOT := .build/host-before-test.snapshot
test: build
	$(BUILD)/vmnet-host-snapshot save $(HOST_SNAPSHOT)
	$(MAKE) examples
	$(SWIFT) build --build-tests
	$(MAKE) fuzz FUZZ_SECONDS=10
	status=0; $(SWIFT) test --parallel || status=$$?; \
	$(BUILD)/vmnet-host-snapshot compare $(HOST_SNAPSHOT) || status=1; exit $$status

# A bounded libFuzzer run of each target in Tests/Fuzz: the DHCP packet decoders, manifest decoding and validation,
# and the host's decoding of plugin answers (the tests run 10 s of each). FUZZ_TARGETS picks some.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: build
	Tests/Fuzz/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The example plugins, built outside vmnet's products and tested: the C one with cc and `vmnet plugins test`, the
# Swift one as its own package that depends on vmnet, with its own conformance tests (live ones as root).
examples: build
	$(MAKE) -C examples/c-binding test VMNET_BIN=$(CURDIR)/$(BUILD)/vmnet $(if $(filter 0,$(shell id -u)),NETNS=1)
	VMNET_PLUGIN_PATH=$(CURDIR)/$(BUILD) $(SWIFT) test --package-path examples/swift-binding
	$(SWIFT) build --package-path examples/embedding
	$(if $(filter 0,$(shell id -u)),VMNET_PLUGIN_PATH=$(CURDIR)/$(BUILD) examples/embedding/test.sh)

# vmnet in bin/, vmnet-dhcpd and vmnet-plugin-probe in libexec/vmnet/ and the plugins in lib/vmnet/plugins/ (all
# found relative to bin/vmnet), the plugin header in include/.
PREFIX ?= /usr/local
install: deps
	$(SWIFT) build -c release -Xlinker -rpath -Xlinker '$$ORIGIN/../lib'
	scripts/install.sh .build/release $(DESTDIR)$(PREFIX)

demo: build
	scripts/demo.sh $(BUILD)/vmnet

# Plugin loading cost, release build, whole processes (hyperfine); see bench/plugins/RESULTS.md.
bench-plugins: deps
	bench/plugins/run.sh

clean:
	rm -rf .build examples/swift-binding/.build examples/c-binding/.build examples/embedding/.build
