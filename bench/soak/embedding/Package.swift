// swift-tools-version:6.0
import PackageDescription

// The embedding API under soak: one process wiring and unwiring a VM many times, as examples/embedding does it
// (read, wire, serve DHCP in-process, stop, unwire), printing its open descriptors, RSS and threads as it goes.
let package = Package(
    name: "VMNetEmbeddingSoak",
    products: [.executable(name: "vmnet-embed-soak", targets: ["vmnet-embed-soak"])],
    dependencies: [.package(name: "vmnet", path: "../../..")],
    targets: [
        .executableTarget(
            name: "vmnet-embed-soak",
            dependencies: [
                .product(name: "VMNetCore", package: "vmnet"),
                .product(name: "VMNetPluginHost", package: "vmnet"),
                .product(name: "VMNetRuntime", package: "vmnet"),
                .product(name: "VMNetWiring", package: "vmnet"),
            ]
        )
    ]
)
