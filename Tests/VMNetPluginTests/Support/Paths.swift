import Foundation
import VMNetPluginHost

/// The repository's root folder.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// The build folder: the test binary, `vmnet` and the nine plugin .so files sit there.
let buildFolder = PluginSearchPath.executableFolder!

/// The built `vmnet`.
let vmnetExecutable = buildFolder + "/vmnet"

/// The nine built-in plugins: file name, kind and name.
let builtinPlugins: [(file: String, kind: String, name: String)] = [
    ("libVMNetBindingBridge.so", "binding", "bridge"),
    ("libVMNetBindingMasquerade.so", "binding", "masquerade"),
    ("libVMNetBindingSlirp.so", "binding", "slirp"),
    ("libVMNetBindingSRIOV.so", "binding", "sriov"),
    ("libVMNetBindingPasst.so", "binding", "passt"),
    ("libVMNetBindingMacvtap.so", "binding", "macvtap"),
    ("libVMNetBackendPod.so", "backend", "pod"),
    ("libVMNetBackendMultus.so", "backend", "multus"),
    ("libVMNetBackendGenie.so", "backend", "genie"),
]

/// The spec's example manifests.
let specFiles = try! FileManager.default.contentsOfDirectory(atPath: packageRoot + "/Tests/Fixtures/spec")
    .filter { $0.hasSuffix(".yaml") }.sorted().map { packageRoot + "/Tests/Fixtures/spec/" + $0 }
