import Foundation
import VMNetTestKit
import Testing

@Suite("make install's layout")
struct InstallTests {
    @Test("vmnet goes to bin/, vmnet-dhcpd and vmnet-plugin-probe to libexec/vmnet/, the plugins to lib/vmnet/plugins/, the header to include/, and the installed vmnet finds its plugins and probe with no variable set")
    func layout() throws {
        let folder = try TemporaryFolder()
        let prefix = folder.path + "/prefix"
        // `make install` runs this script on a release build; the debug build has the same files.
        let install = try run(packageRoot + "/scripts/install.sh", [buildFolder, prefix])
        #expect(install.status == 0, "\(install.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: prefix).sorted()
        #expect(files == ([
            "bin", "bin/vmnet", "include", "include/vmnet_plugin.h", "lib", "lib/vmnet", "lib/vmnet/plugins",
            "libexec", "libexec/vmnet", "libexec/vmnet/vmnet-dhcpd", "libexec/vmnet/vmnet-plugin-probe",
        ] + builtinPlugins.map { "lib/vmnet/plugins/\($0)" }).sorted())
        let listing = try run(prefix + "/bin/vmnet", ["plugins", "list", "--output", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: Any]
        let plugins = document?["plugins"] as? [[String: Any]] ?? []
        #expect(plugins.count == 9)
        #expect(plugins.allSatisfy { ($0["file"] as? String)?.hasPrefix(prefix + "/lib/vmnet/plugins/") == true })
        let refused = document?["refused"] as? [[String: Any]] ?? []
        #expect(refused.isEmpty, "\(refused)")
        let test = try run(
            prefix + "/bin/vmnet", ["plugins", "test", prefix + "/lib/vmnet/plugins/libVMNetBindingMasquerade.so"],
            environment: ["VMNET_PLUGIN_PROBE": ""])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
    }
}
