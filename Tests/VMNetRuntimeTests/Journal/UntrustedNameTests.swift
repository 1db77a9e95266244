import Foundation
import Glibc
import Testing
import VMNetCore
import VMNetEngine
@testable import VMNetRuntime
import VMNetTestKit

/// Names a tenant or a runtime chooses: `/`, `..`, NUL, very long and non-ASCII text.
private let hostileNames = [
    "../../../../tmp/vmnet-escape", "..", ".", "a/b", "a\u{0}b", "a\u{0}", "_", "a_b", "%2F", "\u{7f}\n",
    String(repeating: "x", count: 300), String(repeating: "é", count: 200), "Ünïcødé-VM-名前", "",
]

@Suite("Untrusted VM names, namespace names and paths stay inside the state directory")
struct UntrustedNameTests {
    private let state = StateDirectory(path: "/run/vmnet-test-state")
    private let namespace = NetworkNamespace(name: "pod1")

    @Test("every VM name and namespace gives one journal file inside the namespace's folder, distinct for distinct names")
    func journalPaths() {
        var paths: Set<String> = []
        for vmNamespace in hostileNames {
            for name in hostileNames {
                let path = state.journalPath(of: VMReference(namespace: vmNamespace, name: name), in: namespace)
                let file = String(path.dropFirst(state.folder(of: namespace).count + 1))
                #expect(path.hasPrefix(state.folder(of: namespace) + "/"))
                #expect(!file.contains("/") && !file.utf8.contains(0) && !file.hasPrefix("."), "\(file.debugDescription)")
                #expect(file.hasSuffix(".json"))
                #expect(file.utf8.count <= Int(NAME_MAX), "\(file.utf8.count) bytes")
                paths.insert(path)
            }
        }
        #expect(paths.count == hostileNames.count * hostileNames.count, "two VMs would share a journal")
    }

    @Test("an interface name (CNI_IFNAME) and container ID of any text give one attachment record inside its folder")
    func attachmentPaths() {
        var paths: Set<String> = []
        for container in hostileNames {
            for ifname in hostileNames {
                let path = state.attachmentPath(containerID: container, ifname: ifname)
                let file = String(path.dropFirst(state.attachmentFolder.count + 1))
                #expect(path.hasPrefix(state.attachmentFolder + "/"))
                #expect(!file.contains("/") && !file.utf8.contains(0) && !file.hasPrefix(".") && file.utf8.count <= Int(NAME_MAX), "\(file.debugDescription)")
                paths.insert(path)
            }
        }
        #expect(paths.count == hostileNames.count * hostileNames.count)
    }

    @Test("a manifest's interface names with '/', '..', NUL or non-ASCII text are refused by validation")
    func interfaceNames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-ifnames-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["../eth0", "a/b", "a\\0b", "é", "..", "."] {
            let manifest = folder.appendingPathComponent("vm.yaml").path
            try """
                kind: VM
                spec:
                  domain:
                    devices:
                      interfaces:
                        - name: "\(name)"
                          masquerade: {}
                  networks:
                  - name: "\(name)"
                    pod: {}

                """.write(toFile: manifest, atomically: true, encoding: .utf8)
            let result = try VMNetBinary.run(["validate", manifest])
            #expect(result.status != 0, "\(name)")
            #expect(result.stdout.contains("interface-name-invalid") || result.stderr.contains("interface-name-invalid"), "\(name): \(result.stdout) \(result.stderr)")
        }
    }

    @Test("a namespace file's path of any length or text is one folder name of the state directory")
    func namespaceFolders() {
        var folders: Set<String> = []
        for text in hostileNames where !text.utf8.contains(0) {
            for namespace in [NetworkNamespace(path: "/proc/1/ns/" + text), NetworkNamespace(path: "/var/run/netns/" + text)] {
                let name = namespace.stateName
                #expect(!name.contains("/") && !name.hasPrefix(".") && !name.isEmpty, "\(name.debugDescription)")
                #expect(name.utf8.count + ".lock".utf8.count <= Int(NAME_MAX))
                folders.insert(state.folder(of: namespace))
            }
        }
        // A named namespace and a path that escapes to the same text never share a folder.
        #expect(NetworkNamespace(name: "%2Fproc%2F1%2Fns%2Fnet").stateName != NetworkNamespace(path: "/proc/1/ns/net").stateName)
        #expect(folders.count == 2 * hostileNames.filter { !$0.utf8.contains(0) }.count)
    }

    @Test("a namespace name that is not one file name of /var/run/netns names no namespace")
    func namespaceNames() {
        for name in ["", ".", "..", "../../proc/1/ns/net", "a/b", "pod1\u{0}", "pod1\u{0}/../x", String(repeating: "n", count: 256)] {
            let namespace = NetworkNamespace(name: name)
            #expect(namespace.invalidity != nil, "\(name.debugDescription)")
            #expect(!namespace.exists, "\(name.debugDescription)")
        }
        for name in ["pod1", "cni-1234-abcd", "Ünïcødé", String(repeating: "n", count: 255)] {
            #expect(NetworkNamespace(name: name).invalidity == nil, "\(name)")
        }
        #expect(NetworkNamespace(path: "/proc/1/ns/net\u{0}x").invalidity == "it holds a NUL byte")
    }

    @Test("the executor refuses a namespace named by a path that reaches another one, before touching anything (needs root)",
          .enabled(if: getuid() == 0, "needs root"))
    func executorRefusesEscapingNames() throws {
        try TestStateDirectory.with { state in
            // /var/run/netns/../../proc/1/ns/net is the host's own namespace.
            let escaping = NetworkNamespace(name: "../../proc/1/ns/net")
            let executor = Executor(namespace: escaping, drivers: DriverSet(bindings: [], backends: []), options: Executor.Options(stateDirectory: StateDirectory(path: state.path)))
            #expect {
                try executor.downAll()
            } throws: { error in
                "\(error)".contains(#"cannot use "/var/run/netns/../../proc/1/ns/net" as a network namespace: it holds a '/'"#)
            }
            #expect(!FileManager.default.fileExists(atPath: state.path), "nothing was created")
        }
    }

    @Test("vmnet refuses such names from the command line with the reason (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func commandLineRefusesEscapingNames() throws {
        try TestStateDirectory.with { state in
            let manifest = VMNetBinary.fixture("spec/pod-masquerade.yaml")
            for arguments in [
                ["up", "--netns", "..", "--state-dir", state.path, manifest],
                ["down", "--netns", "..", "--state-dir", state.path],
                ["plan", "--netns", "../../proc/1/ns/net", manifest],
            ] {
                let result = try VMNetBinary.run(arguments)
                #expect(result.status != 0, "\(arguments)")
                #expect(result.stderr.contains("as a network namespace: it is '..', a folder")
                    || result.stderr.contains("as a network namespace: it holds a '/'"), "\(arguments): \(result.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: state.path), "nothing was created")
        }
    }

    @Test("a VM named with '/', '..' and NUL is journaled inside its namespace's folder, and down finds it (needs root)",
          .enabled(if: getuid() == 0, "needs root"))
    func hostileVMNameEndToEnd() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-hostile-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let escapeTarget = "/tmp/vmnet-escape-\(getpid())"
        let manifest = folder.appendingPathComponent("vm.yaml").path
        let text = try String(contentsOfFile: VMNetBinary.fixture("spec/pod-masquerade.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "kind: VM\n", with: "kind: VM\nmetadata:\n  name: \"../../../..\(escapeTarget)\\0x\"\n  namespace: \"../é\"\n")
        try text.write(toFile: manifest, atomically: true, encoding: .utf8)
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try VMNetBinary.run(["up"] + target + [manifest])
                try #require(up.status == 0, "\(up.stderr)")
                #expect(state.journals.count == 1)
                #expect(state.journals.allSatisfy { $0.hasPrefix(pod.name + "/") && $0.split(separator: "/").count == 2 }, "\(state.journals)")
                #expect(!FileManager.default.fileExists(atPath: escapeTarget) && !FileManager.default.fileExists(atPath: escapeTarget + ".json"))
                let down = try VMNetBinary.run(["down"] + target)
                #expect(down.status == 0, "\(down.stderr)")
                #expect(down.stdout.contains("9 steps undone"), "\(down.stdout)")
                #expect(state.journals.isEmpty)
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
            }
        }
    }
}
