import Foundation
import Testing
import VMNetPluginHost

@Suite("vmnet plugins, and vmnet with plugins missing")
struct PluginsCommandTests {
    @Test("plugins list prints one row per built-in: name, kind, version, contract, capabilities, file")
    func listText() throws {
        let result = try vmnet(["plugins", "list"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 10, "\(result.stdout)")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "KIND", "VERSION", "CONTRACT", "CAPABILITIES", "FILE"])
        let masquerade = try #require(lines.first { $0.hasPrefix("masquerade ") })
        #expect(masquerade.contains("binding  0.1.0    1.3       pod only; ports; DHCP; reserves 02:00:00:00:00:00"))
        #expect(masquerade.hasSuffix("/libVMNetBindingMasquerade.so"))
        #expect(result.stderr == "")
    }

    @Test("plugins list --output json gives the search path, the plugins, and the refused and shadowed files")
    func listJSON() throws {
        let folder = try TemporaryFolder()
        let writable = try folder.copy(buildFolder + "/libVMNetBindingSlirp.so", into: "plugins", as: "libWritable.so")
        chmod(writable, 0o666)
        let bridge = try folder.copy(buildFolder + "/libVMNetBindingBridge.so", into: "plugins")
        let result = try vmnet(["plugins", "list", "--output", "json", "--plugin-path", folder.path + "/plugins"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let plugins = try #require(object["plugins"] as? [[String: Any]])
        #expect(plugins.count == 9)
        #expect(plugins.first { $0["name"] as? String == "bridge" }?["file"] as? String == bridge, "the first in the path wins")
        let sriov = try #require(plugins.first { $0["name"] as? String == "sriov" })
        #expect(sriov["kind"] as? String == "binding" && sriov["version"] as? String == "0.1.0")
        #expect(sriov["contractVersion"] as? String == "1.3" && sriov["abiVersion"] as? Int == 1)
        #expect(sriov["capabilities"] as? String == "multus only; no NIC model")
        let refused = try #require(object["refused"] as? [[String: Any]])
        #expect(refused.map { $0["file"] as? String } == [writable])
        #expect(refused.first?["reason"] as? String == "writable-by-others")
        #expect((refused.first?["message"] as? String)?.hasSuffix("(chmod go-w \(writable))") == true)
        let shadowed = try #require(object["shadowed"] as? [[String: Any]])
        #expect(shadowed.map { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } } == ["libVMNetBindingBridge.so"])
        #expect(shadowed.first?["reason"] as? String == "duplicate-name")
        let searchPath = try #require(object["searchPath"] as? [[String: Any]])
        #expect(searchPath.map { $0["origin"] as? String } == ["option", "executable", "installation", "system", "system"])
    }

    @Test("plugins list prints refused and shadowed files with their reasons after the table")
    func listRefusedText() throws {
        let folder = try TemporaryFolder()
        let writable = try folder.copy(buildFolder + "/libVMNetBindingSlirp.so", into: "plugins", as: "libWritable.so")
        chmod(writable, 0o664)
        let result = try vmnet(["plugins", "list", "--plugin-path", folder.path + "/plugins"])
        #expect(result.stdout.contains("\n\nrefused:\n  \(writable): the file is writable by its group or by others"))
        #expect(result.stdout.hasSuffix("(chmod go-w \(writable)) [writable-by-others]\n"))
    }

    @Test("plugins list refuses a plugin whose manifest breaks the rules the conformance suite checks, saying which")
    func listInvalidManifest() throws {
        let folder = try TemporaryFolder()
        let path = try folder.folder("plugins") + "/libBroken.so"
        try compileCPlugin("broken.c", defines: ["BROKEN_MANIFEST"], to: path)
        let result = try vmnet(["plugins", "list", "--plugin-path", folder.path + "/plugins"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\nbroken "), "\(result.stdout)")
        #expect(result.stdout.contains("\n\nrefused:\n  \(path): its manifest is invalid: displayName is empty"), "\(result.stdout)")
        #expect(result.stdout.contains("; backends is empty, so the binding can be used on no network"))
        #expect(result.stdout.hasSuffix("(fix the plugin's describe answer) [invalid-manifest]\n"))
    }

    @Test("plugins info shows the full manifest, the file, the ABI and the contract")
    func info() throws {
        let text = try vmnet(["plugins", "info", "bridge"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("bridge: binding plugin, version 0.1.0\n"))
        #expect(text.stdout.contains("file:          \(buildFolder)/libVMNetBindingBridge.so\nABI:           1\n"))
        #expect(text.stdout.contains("contract:      1.3 (the plugin speaks 1.0, 1.1, 1.2, 1.3; vmnet speaks 1.0, 1.1, 1.2, 1.3)"))
        #expect(text.stdout.contains("  config gates: permitBridgeInterfaceOnPodNetwork (default true, on pod)"))
        #expect(text.stdout.contains("  interface states: up, down, absent\n  host device: none\n"), "\(text.stdout)")
        let sriov = try vmnet(["plugins", "info", "sriov"])
        #expect(sriov.stdout.contains("  interface states: none (no state field)\n"), "\(sriov.stdout)")
        #expect(sriov.stdout.contains("  host device: a PCI device of its NetworkAttachmentDefinition's resource, per interface\n"))
        let json = try vmnet(["plugins", "info", "multus", "--output", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let manifest = try #require(object["manifest"] as? [String: Any])
        #expect((manifest["options"] as? [[String: Any]])?.map { $0["name"] as? String } == ["networkName", "default"])
        #expect((manifest["capabilities"] as? [String: Any])?["conflictsWith"] as? [String] == ["genie"])
        #expect(object["kind"] as? String == "backend")
    }

    @Test("plugins info on a name no plugin has: exit 1 naming the loaded ones")
    func infoUnknown() throws {
        let result = try vmnet(["plugins", "info", "vdpa"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("vmnet: no loaded plugin is named 'vdpa'; loaded: "))
    }

    @Test("--plugin-path naming no folder is a usage error")
    func missingFolder() throws {
        let result = try vmnet(["validate", "--plugin-path", "/nonexistent/plugins", specFiles[0]])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--plugin-path /nonexistent/plugins: no such folder"))
    }

    @Test("without libVMNetBindingBridge.so, a manifest using bridge is told no loaded plugin provides it")
    func bridgeMissing() throws {
        let folder = try TemporaryFolder()
        let executable = try folder.copy(vmnetExecutable, into: "bin")
        for plugin in builtinPlugins where plugin.name != "bridge" {
            try folder.copy(buildFolder + "/" + plugin.file, into: "plugins")
        }
        let manifest = folder.path + "/vm.yaml"
        try oneInterfaceVM(binding: "bridge").write(toFile: manifest, atomically: true, encoding: .utf8)
        let result = try vmnet(["validate", "--plugin-path", folder.path + "/plugins", manifest], executable: executable)
        #expect(result.status == 1)
        #expect(result.stdout.contains(
            "\(manifest):8:9: error: spec.domain.devices.interfaces[0].bridge: binding 'bridge' is not provided by any loaded binding plugin; loaded: macvtap, masquerade, passt, slirp, sriov [binding-unknown]"),
            "\(result.stdout)")
        let listed = try vmnet(["plugins", "list", "--plugin-path", folder.path + "/plugins"], executable: executable)
        #expect(listed.stdout.split(separator: "\n").count == 9)
    }

    @Test("an installed vmnet finds its plugins in ../lib/vmnet/plugins and validates the spec's examples")
    func installedLayout() throws {
        let folder = try TemporaryFolder()
        let executable = try folder.copy(vmnetExecutable, into: "bin")
        for plugin in builtinPlugins {
            try folder.copy(buildFolder + "/" + plugin.file, into: "lib/vmnet/plugins")
        }
        let listed = try vmnet(["plugins", "list", "--output", "json"], executable: executable)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let files = try #require(object["plugins"] as? [[String: Any]]).compactMap { $0["file"] as? String }
        #expect(files.count == 9)
        #expect(files.allSatisfy { $0.hasPrefix(folder.path + "/lib/vmnet/plugins/") }, "\(files)")
        let valid = specFiles.filter { !$0.hasSuffix("kubevirt-config-no-bridge.yaml") }
        let result = try vmnet(["validate"] + valid, executable: executable)
        #expect(result.stdout == "12 VMs in 15 files: 0 errors, 0 warnings\n")
        #expect(result.status == 0)
    }

    @Test("a refused plugin is reported on standard error by the commands that use drivers")
    func refusalOnStandardError() throws {
        let folder = try TemporaryFolder()
        try compileCPlugin("broken.c", defines: ["BROKEN_ABI"], to: try folder.folder("plugins") + "/libBroken.so")
        let result = try vmnet(["validate", "--plugin-path", folder.path + "/plugins", specFiles[0]])
        #expect(result.stderr == "vmnet: warning: refusing plugin \(folder.path)/plugins/libBroken.so: it was built for plugin ABI 2; this vmnet loads ABI 1 (rebuild it against this vmnet's vmnet_plugin.h or VMNetPluginKit)\n")
    }
}
