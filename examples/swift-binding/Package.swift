// swift-tools-version:6.0
import PackageDescription

// A binding plugin in its own package, as a third party writes one: it depends on vmnet (by path here, by URL
// for you), builds its driver into a `.so` that exports only the entry symbol, and tests it with vmnet's
// conformance suite. docs/writing-a-plugin.md walks through it.
let package = Package(
    name: "TapBinding",
    products: [
        .library(name: "VMNetBindingTap", type: .dynamic, targets: ["VMNetBindingTap"])
    ],
    dependencies: [
        // `name:` fixes the package's identity: a path dependency's is otherwise the folder's name.
        .package(name: "vmnet", path: "../..")
    ],
    targets: [
        .target(
            name: "VMNetBindingTap",
            dependencies: [
                .product(name: "VMNetCore", package: "vmnet"),
                .product(name: "VMNetPluginKit", package: "vmnet"),
            ],
            // Only `vmnet_plugin_entry` leaves the .so; the path must be absolute.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/exports.map"])]
        ),
        .testTarget(
            name: "VMNetBindingTapTests",
            dependencies: [
                .product(name: "VMNetConformance", package: "vmnet"),
                // Not linked: built beside the test binary, where the suite finds the process it runs the plugin in.
                .product(name: "vmnet-plugin-probe", package: "vmnet"),
            ]
        ),
    ]
)
