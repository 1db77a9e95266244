import Foundation
import VMNetPluginHost

/// The repository's root folder.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// The build folder: the test binary, `vmnet` and the nine plugin .so files sit there.
let buildFolder = PluginSearchPath.executableFolder!

/// The built `vmnet`.
let vmnetExecutable = buildFolder + "/vmnet"

/// The nine built-in plugin files.
let builtinPlugins = [
    "libVMNetBindingBridge.so", "libVMNetBindingMasquerade.so", "libVMNetBindingSlirp.so", "libVMNetBindingSRIOV.so",
    "libVMNetBindingPasst.so", "libVMNetBindingMacvtap.so", "libVMNetBackendPod.so", "libVMNetBackendMultus.so", "libVMNetBackendGenie.so",
]

/// The built-in plugins as the companions of a plugin under test: the build folder only, so a machine's
/// installed plugins stay out.
let builtinCompanions = PluginSearchPath(folders: [.init(path: buildFolder, origin: .option)])
