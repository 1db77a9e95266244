import CVMNetPlugin
import Foundation
import Testing
import VMNetCore
import VMNetPluginHost

@Suite("The plugin search path and the ABI constants")
struct SearchPathTests {
    @Test("options first, then $VMNET_PLUGIN_PATH, the executable's folder, ../lib/vmnet/plugins, then the system folders")
    func standardOrder() {
        let path = PluginSearchPath.standard(options: ["a", "b"], environment: "/env1::/env2:", executableFolder: "/opt/vmnet/bin")
        #expect(path.folders.map(\.path) == [
            "a", "b", "/env1", "/env2", "/opt/vmnet/bin", "/opt/vmnet/lib/vmnet/plugins",
            "/usr/local/lib/vmnet/plugins", "/usr/lib/vmnet/plugins",
        ])
        #expect(path.folders.map(\.origin) == [
            .option, .option, .environment, .environment, .executable, .installation, .system, .system,
        ])
    }

    @Test("the test binary's folder (from /proc/self/exe) holds vmnet and the nine plugin .so files")
    func executableFolder() {
        #expect(PluginSearchPath.besideExecutable.folders == [.init(path: buildFolder, origin: .executable)])
        for file in ["vmnet"] + builtinPlugins.map(\.file) {
            #expect(FileManager.default.isExecutableFile(atPath: buildFolder + "/" + file), "\(file)")
        }
    }

    @Test("the Swift constants match the C header")
    func constants() {
        #expect(PluginABI.version == VMNET_PLUGIN_ABI_VERSION)
        #expect(PluginABI.entrySymbol == "vmnet_plugin_entry")
        #expect(PluginKind.binding.abiValue == VMNET_PLUGIN_KIND_BINDING)
        #expect(PluginKind.backend.abiValue == VMNET_PLUGIN_KIND_BACKEND)
        #expect(PluginKind(abiValue: 3) == nil)
        #expect(ContractVersion.supported.map(\.description) == ["1.0", "1.1", "1.2", "1.3"])
    }
}
