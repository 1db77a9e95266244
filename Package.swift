// swift-tools-version:6.0
import PackageDescription

/// A plugin `.so` exports its entry symbol and nothing else, so its private copy of VMNetCore can never bind to the
/// host's (docs/plugins.md). The path is absolute because a relative one breaks when this package is a dependency.
let pluginExports: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/Plugins/exports.map"])
]

/// The test hooks that `vmnet up` reads from its environment (`FaultInjection.fromEnvironment`) are compiled only
/// into debug builds, which the tests run: `swift build -c release`, `make install` and the benchmarks ship none.
let testHooks: [SwiftSetting] = [.define("VMNET_TESTING", .when(configuration: .debug))]

/// The nine built-in drivers: product and module name, folder. Each is a `.dynamic` library loaded at run time
/// exactly like a third party's; passt and macvtap are written against the plugin SDK alone, as a third party would.
let drivers: [(name: String, path: String)] = [
    ("VMNetBindingBridge", "Plugins/Bindings/Bridge"),
    ("VMNetBindingMasquerade", "Plugins/Bindings/Masquerade"),
    ("VMNetBindingSlirp", "Plugins/Bindings/Slirp"),
    ("VMNetBindingSRIOV", "Plugins/Bindings/SRIOV"),
    ("VMNetBindingPasst", "Plugins/Bindings/Passt"),
    ("VMNetBindingMacvtap", "Plugins/Bindings/Macvtap"),
    ("VMNetBackendPod", "Plugins/Backends/Pod"),
    ("VMNetBackendMultus", "Plugins/Backends/Multus"),
    ("VMNetBackendGenie", "Plugins/Backends/Genie"),
]

let package = Package(
    name: "vmnet",
    products: [
        .executable(name: "vmnet", targets: ["vmnet"]),
        // The DHCP server process `vmnet serve` runs: the DHCP module and nothing else, so it stays small.
        .executable(name: "vmnet-dhcpd", targets: ["vmnet-dhcpd"]),
        // The CNI plugin a container runtime (through Multus) runs on each node: one VM interface per attachment.
        .executable(name: "vmnet-cni", targets: ["vmnet-cni"]),
        // The process the conformance suite runs each plugin under test in, so a crash is a failed check. A package
        // whose tests use VMNetConformance adds it to the test target's dependencies (docs/writing-a-plugin.md).
        .executable(name: "vmnet-plugin-probe", targets: ["vmnet-plugin-probe"]),
        .library(name: "VMNetCore", targets: ["VMNetCore"]),
        // Validation, defaults and planning over the loaded drivers, for programs that host plugins.
        .library(name: "VMNetEngine", targets: ["VMNetEngine"]),
        .library(name: "VMNetManifest", targets: ["VMNetManifest"]),
        // The SDK of plugin authors: a Binding or Backend plus one line of PluginExport makes a plugin.
        .library(name: "VMNetPluginKit", targets: ["VMNetPluginKit"]),
        // The loader and registry, for programs that host plugins.
        .library(name: "VMNetPluginHost", targets: ["VMNetPluginHost"]),
        // The executor, journal and guest DHCP service, for daemons that embed vmnet (examples/embedding).
        .library(name: "VMNetRuntime", targets: ["VMNetRuntime"]),
        // An in-memory host under the executor, like NIOEmbedded beside NIOPosix: tests of journaling, rollback and
        // judging that need no root.
        .library(name: "VMNetEmbeddedHost", targets: ["VMNetEmbeddedHost"]),
        .library(name: "VMNetDHCP", targets: ["VMNetDHCP"]),
        .library(name: "VMNetSystem", targets: ["VMNetSystem"]),
        // The whole pipeline as one value (read, validate, plan, allocate, wire, unwire): what vmnet up, vmnet-cni
        // and embedding daemons call.
        .library(name: "VMNetWiring", targets: ["VMNetWiring"]),
        // The plugin conformance suite, for plugin authors' tests and `vmnet plugins test`.
        .library(name: "VMNetConformance", targets: ["VMNetConformance"]),
        // What tests of network code need: a command runner and a snapshot of a namespace's links, addresses,
        // routes, tables, sysctls and files, to prove a change was undone or never made.
        .library(name: "VMNetTestKit", targets: ["VMNetTestKit"]),
    ] + drivers.map { .library(name: $0.name, type: .dynamic, targets: [$0.name]) },
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries, through Debian's -dev packages.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // libvirt's headers (libvirt-dev), with the library loaded on first use rather than linked.
        .target(name: "CLibvirt"),
        .systemLibrary(name: "CNetlink", pkgConfig: "libnl-route-3.0", providers: [.apt(["libnl-route-3-dev"])]),
        .systemLibrary(name: "CIPTC", pkgConfig: "libip4tc", providers: [.apt(["libiptc-dev"])]),
        // nf_tables through libnftnl (objects to netlink messages) and libmnl (the socket); libnftnl's pkg-config
        // file brings libmnl along.
        .systemLibrary(name: "CNFTables", pkgConfig: "libnftnl", providers: [.apt(["libnftnl-dev", "libmnl-dev"])]),
        .systemLibrary(name: "CPCI", pkgConfig: "libpci", providers: [.apt(["libpci-dev"])]),
        // libpci's error handler (longjmp instead of exit) and its variadic name lookup, which Swift cannot reach.
        .target(name: "CVMNetPCI", dependencies: ["CPCI"]),
        // Calls Swift's Glibc module cannot see (setns, TUNSETIFF).
        .target(name: "CVMNetSys"),

        // The plugin API: the model, diagnostics, the driver protocols, plan requests and plans, the host-step and
        // domain-device vocabulary and the JSON contract. What a plugin links; FoundationEssentials only.
        .target(name: "VMNetCore"),
        // The host engine over the plugin API: validation and its rules, defaults, the planner, the driver set.
        .target(name: "VMNetEngine", dependencies: ["VMNetCore"]),
        // YAML and JSON manifests decoded with file:line:column on every node.
        .target(name: "VMNetManifest", dependencies: ["VMNetCore", "VMNetEngine", "VMNetSystem", "CYAML"]),
        // libvirt domain devices, checked by libvirt itself.
        .target(name: "VMNetLibvirt", dependencies: ["VMNetCore", "VMNetEngine", "CLibvirt"]),
        // Threads inside network namespaces and typed system errors.
        .target(name: "VMNetSystem", dependencies: ["CVMNetSys"]),
        // The executor: netlink, nftables and iptables inside the pod namespace, the journal.
        .target(
            name: "VMNetRuntime",
            dependencies: ["VMNetCore", "VMNetEngine", "VMNetSystem", "VMNetDHCP", "CNetlink", "CIPTC", "CNFTables", "CVMNetSys"],
            swiftSettings: testHooks),
        // Namespaces as data (links, addresses, routes, sysctls, NAT rules) behind the executor's HostOperations,
        // with faults of its own.
        .target(name: "VMNetEmbeddedHost", dependencies: ["VMNetCore", "VMNetRuntime"]),

        // DHCPv4 and DHCPv6 servers for the guest, run inside the pod namespace.
        .target(name: "VMNetDHCP", dependencies: ["VMNetSystem"]),
        // SR-IOV physical and virtual functions (libpci + sysfs), and their allocation to a VM's networks.
        .target(name: "VMNetSRIOV", dependencies: ["VMNetCore", "VMNetSystem", "CVMNetPCI"]),

        // The pipeline: decoding, validation, planning, SR-IOV allocation, digest, executor and journal behind one type.
        .target(name: "VMNetWiring", dependencies: ["VMNetCore", "VMNetEngine", "VMNetManifest", "VMNetRuntime", "VMNetSRIOV", "VMNetDHCP", "VMNetSystem"]),

        // CNI 1.1 on top of the pipeline: requests, results, errors, attachment records.
        .target(name: "VMNetCNI", dependencies: ["VMNetCore", "VMNetEngine", "VMNetManifest", "VMNetPluginHost", "VMNetRuntime", "VMNetWiring"]),

        // The plugin boundary: the C header, the Swift export glue, the loader.
        .target(name: "CVMNetPlugin"),
        .target(name: "VMNetPluginKit", dependencies: ["VMNetCore", "CVMNetPlugin"]),
        .target(name: "VMNetPluginHost", dependencies: ["VMNetCore", "VMNetEngine", "VMNetSystem", "CVMNetPlugin"]),
        // The plugin conformance suite; vmnet-plugin-probe runs its child side, the plugin under test.
        .target(name: "VMNetConformance", dependencies: ["VMNetCore", "VMNetEngine", "VMNetPluginHost", "VMNetRuntime", "VMNetTestKit", "CVMNetPlugin"]),
        // Test support: commands and namespace snapshots, FoundationEssentials only.
        .target(name: "VMNetTestKit", dependencies: ["VMNetCore"]),
        // `make test`'s witness that the host's own namespace is left as it was (Tests/HostSnapshot).
        .executableTarget(name: "vmnet-host-snapshot", dependencies: ["VMNetTestKit"], path: "Tests/HostSnapshot"),

        .executableTarget(
            name: "vmnet",
            dependencies: [
                "VMNetCore", "VMNetEngine", "VMNetManifest", "VMNetLibvirt", "VMNetPluginHost", "VMNetRuntime", "VMNetSRIOV",
                "VMNetSystem", "VMNetConformance", "VMNetWiring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: testHooks
        ),
        .executableTarget(name: "vmnet-dhcpd", dependencies: ["VMNetDHCP", "VMNetSystem"]),
        .executableTarget(name: "vmnet-cni", dependencies: ["VMNetCNI"]),
        .executableTarget(name: "vmnet-plugin-probe", dependencies: ["VMNetConformance"]),

        // Tests load the drivers from their .so files beside the test binary, as vmnet does: a binary that links
        // two drivers would hold two `vmnet_plugin_entry` symbols.
        .testTarget(name: "VMNetManifestTests", dependencies: ["VMNetManifest", "VMNetEngine"]),
        .testTarget(name: "VMNetValidationTests", dependencies: ["VMNetCore", "VMNetEngine", "VMNetManifest", "VMNetPluginHost"]),
        .testTarget(name: "VMNetPluginTests", dependencies: ["VMNetCore", "VMNetEngine", "VMNetManifest", "VMNetPluginHost", "VMNetTestKit", "CVMNetPlugin"]),
        .testTarget(name: "VMNetConformanceTests", dependencies: ["VMNetConformance", "VMNetCore", "VMNetManifest", "VMNetPluginHost", "VMNetTestKit"]),
        .testTarget(name: "VMNetCLITests", dependencies: ["VMNetLibvirt"]),
        .testTarget(name: "VMNetLibvirtTests", dependencies: ["VMNetLibvirt", "VMNetCore", "VMNetEngine"]),
        .testTarget(name: "VMNetSystemTests", dependencies: ["VMNetSystem"]),
        .testTarget(name: "VMNetDHCPTests", dependencies: ["VMNetDHCP", "VMNetSystem", "VMNetTestKit"]),
        // Boots real guests under QEMU (TCG) through libvirt; needs root.
        .testTarget(name: "VMNetGuestTests", dependencies: ["VMNetTestKit"]),
        .testTarget(
            name: "VMNetRuntimeTests", dependencies: ["VMNetRuntime", "VMNetCore", "VMNetEngine", "VMNetSystem", "VMNetTestKit"],
            swiftSettings: testHooks),
        // The executor's planning, journal, rollback, resume and judging on the in-memory host, as any user.
        .testTarget(
            name: "VMNetEmbeddedHostTests",
            dependencies: ["VMNetEmbeddedHost", "VMNetRuntime", "VMNetWiring", "VMNetCore", "VMNetEngine", "VMNetPluginHost", "VMNetTestKit"]),
        .testTarget(name: "VMNetSRIOVTests", dependencies: ["VMNetSRIOV", "VMNetCore", "VMNetEngine", "VMNetManifest", "VMNetLibvirt", "VMNetPluginHost"]),
        // Real CNI plugins (containernetworking-plugins) make the pod's interfaces; vmnet wires them; needs root.
        .testTarget(name: "VMNetCNITests", dependencies: ["VMNetCore", "VMNetEngine", "VMNetManifest", "VMNetTestKit"]),
        // The Kubernetes manifests of deploy/kubernetes: what the API server requires, and what vmnet-cni expects.
        .testTarget(name: "VMNetDeployTests", dependencies: ["VMNetCore", "VMNetEngine", "VMNetManifest", "VMNetPluginHost"]),
    ] + drivers.map {
        .target(name: $0.name, dependencies: ["VMNetCore", "VMNetPluginKit"], path: $0.path, linkerSettings: pluginExports)
    }
)
