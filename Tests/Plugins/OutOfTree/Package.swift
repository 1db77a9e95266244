// swift-tools-version:6.0
import PackageDescription

// A third party's binding plugin, built outside vmnet's package: it depends on vmnet by path (a URL works the same)
// with an explicit `name:`, because a path dependency's identity is otherwise the folder's name (spike §1).
let package = Package(
    name: "OutOfTreePlugin",
    products: [
        .library(name: "VMNetBindingSample", type: .dynamic, targets: ["VMNetBindingSample"])
    ],
    dependencies: [
        .package(name: "vmnet", path: "../../..")
    ],
    targets: [
        .target(
            name: "VMNetBindingSample",
            dependencies: [
                .product(name: "VMNetCore", package: "vmnet"),
                .product(name: "VMNetPluginKit", package: "vmnet"),
            ],
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/exports.map"])]
        )
    ]
)
