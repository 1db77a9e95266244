// swift-tools-version:6.0
import PackageDescription

// A daemon that embeds vmnet's core and runtime instead of running the `vmnet` CLI: it watches a folder of VM
// manifests, wires each one that appears into a network namespace and serves DHCP to its guests, and unwires it
// when the file goes. It depends on vmnet by path here; yours would by URL. docs/embedding.md walks through it.
let package = Package(
    name: "VMNetEmbedding",
    products: [
        .executable(name: "vmnet-embed", targets: ["vmnet-embed"])
    ],
    dependencies: [
        // `name:` fixes the package's identity: a path dependency's is otherwise the folder's name.
        .package(name: "vmnet", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "vmnet-embed",
            dependencies: [
                .product(name: "VMNetCore", package: "vmnet"),
                .product(name: "VMNetEngine", package: "vmnet"),
                .product(name: "VMNetPluginHost", package: "vmnet"),
                .product(name: "VMNetRuntime", package: "vmnet"),
                .product(name: "VMNetWiring", package: "vmnet"),
            ]
        )
    ]
)
