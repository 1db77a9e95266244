// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "vmnet",
    products: [
        .executable(name: "vmnet", targets: ["vmnet"]),
        .library(name: "VMNetCore", targets: ["VMNetCore"]),
        .library(name: "VMNetManifest", targets: ["VMNetManifest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries, through Debian's -dev packages.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CLibvirt", pkgConfig: "libvirt", providers: [.apt(["libvirt-dev"])]),

        // The model, diagnostics, validation and the driver protocols: Foundation only.
        .target(name: "VMNetCore"),
        // YAML and JSON manifests decoded with file:line:column on every node.
        .target(name: "VMNetManifest", dependencies: ["VMNetCore", "CYAML"]),
        // libvirt domain XML, checked by libvirt itself.
        .target(name: "VMNetLibvirt", dependencies: ["VMNetCore", "CLibvirt"]),

        // The built-in drivers.
        .target(name: "VMNetBindingBridge", dependencies: ["VMNetCore"], path: "Plugins/Bindings/Bridge"),
        .target(name: "VMNetBindingMasquerade", dependencies: ["VMNetCore"], path: "Plugins/Bindings/Masquerade"),
        .target(name: "VMNetBindingSlirp", dependencies: ["VMNetCore"], path: "Plugins/Bindings/Slirp"),
        .target(name: "VMNetBindingSRIOV", dependencies: ["VMNetCore"], path: "Plugins/Bindings/SRIOV"),
        .target(name: "VMNetBackendPod", dependencies: ["VMNetCore"], path: "Plugins/Backends/Pod"),
        .target(name: "VMNetBackendMultus", dependencies: ["VMNetCore"], path: "Plugins/Backends/Multus"),
        .target(name: "VMNetBackendGenie", dependencies: ["VMNetCore"], path: "Plugins/Backends/Genie"),

        .executableTarget(
            name: "vmnet",
            dependencies: [
                "VMNetCore", "VMNetManifest", "VMNetLibvirt",
                "VMNetBindingBridge", "VMNetBindingMasquerade", "VMNetBindingSlirp", "VMNetBindingSRIOV",
                "VMNetBackendPod", "VMNetBackendMultus", "VMNetBackendGenie",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "VMNetManifestTests", dependencies: ["VMNetManifest"]),
        .testTarget(name: "VMNetValidationTests", dependencies: [
            "VMNetCore", "VMNetManifest",
            "VMNetBindingBridge", "VMNetBindingMasquerade", "VMNetBindingSlirp", "VMNetBindingSRIOV",
            "VMNetBackendPod", "VMNetBackendMultus", "VMNetBackendGenie",
        ]),
        .testTarget(name: "VMNetCLITests", dependencies: ["VMNetLibvirt"]),
        .testTarget(name: "VMNetLibvirtTests", dependencies: ["VMNetLibvirt", "VMNetCore"]),
    ]
)
