import Foundation
import Glibc
import Testing
import VMNetTestKit

/// The state directory's folders and journals: made 0700 and 0600, never reached through a symbolic link, and a
/// journal edited to name links outside its plan refused by `down` before it undoes anything.
@Suite("State files: modes, symbolic links and hand-edited journals")
struct StateFileSafetyTests {
    private let manifest = VMNetBinary.fixture("spec/pod-masquerade.yaml")

    @Test("up makes the state directory and the namespace's folder 0700 and the journal 0600 (needs root)",
          .enabled(if: getuid() == 0, "needs root"))
    func modes() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try VMNetBinary.run(["up"] + target + [manifest])
                try #require(up.status == 0, "\(up.stderr)")
                defer { _ = try? VMNetBinary.run(["down"] + target) }
                #expect(try mode(state.path) == 0o700)
                #expect(try mode(state.path + "/" + pod.name) == 0o700)
                #expect(try state.journals.map { try mode(state.path + "/" + $0) } == [0o600])
            }
        }
    }

    @Test("up neither follows a namespace folder that is a symbolic link nor makes anything in the pod (needs root)",
          .enabled(if: getuid() == 0, "needs root"))
    func symlinkedFolder() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let before = try NamespaceSnapshot(pod)
                let elsewhere = state.path + "-elsewhere"
                try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: elsewhere) }
                try FileManager.default.createDirectory(atPath: state.path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
                try FileManager.default.createSymbolicLink(atPath: state.path + "/" + pod.name, withDestinationPath: elsewhere)
                let up = try VMNetBinary.run(["up", "--netns", pod.name, "--state-dir", state.path, manifest])
                #expect(up.status != 0)
                #expect(up.stderr.contains("refusing the state file \(state.path)/\(pod.name): it is a symbolic link"), "\(up.stderr)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
                #expect(try NamespaceSnapshot(pod) == before)
                let down = try VMNetBinary.run(["down", "--netns", pod.name, "--state-dir", state.path])
                #expect(down.status != 0)
                #expect(down.stderr.contains("it is a symbolic link"), "\(down.stderr)")
            }
        }
    }

    @Test("a state directory others may write, or a journal that is a symbolic link, is refused (needs root)",
          .enabled(if: getuid() == 0, "needs root"))
    func writableOrLinked() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                try FileManager.default.createDirectory(atPath: state.path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
                chmod(state.path, 0o777)
                let open = try VMNetBinary.run(["up", "--netns", pod.name, "--state-dir", state.path, manifest])
                #expect(open.status != 0)
                #expect(open.stderr.contains("its mode is 777: others may write it"), "\(open.stderr)")
                chmod(state.path, 0o700)

                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try VMNetBinary.run(["up"] + target + [manifest])
                try #require(up.status == 0, "\(up.stderr)")
                let journal = state.path + "/" + state.journals[0]
                let moved = state.path + "-journal.json"
                try FileManager.default.moveItem(atPath: journal, toPath: moved)
                defer { try? FileManager.default.removeItem(atPath: moved) }
                try FileManager.default.createSymbolicLink(atPath: journal, withDestinationPath: moved)
                let down = try VMNetBinary.run(["down"] + target)
                #expect(down.status != 0)
                #expect(down.stderr.contains("refusing the state file \(journal): it is a symbolic link"), "\(down.stderr)")
                #expect(try pod.links().keys.contains("k6t-eth0"), "nothing was undone")
                try FileManager.default.removeItem(atPath: journal)
                try FileManager.default.moveItem(atPath: moved, toPath: journal)
                let realDown = try VMNetBinary.run(["down"] + target)
                #expect(realDown.status == 0, "\(realDown.stderr)")
            }
        }
    }

    @Test("down refuses a journal edited to name a link outside its plan, and leaves everything (needs root)",
          .enabled(if: getuid() == 0, "needs root"), arguments: JournalEdit.allCases)
    func tamperedJournal(edit: JournalEdit) throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0()]) { pod in
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try VMNetBinary.run(["up"] + target + [manifest])
                try #require(up.status == 0, "\(up.stderr)")
                let journal = state.path + "/" + state.journals[0]
                let original = try Data(contentsOf: URL(fileURLWithPath: journal))
                var document = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
                edit.apply(to: &document)
                try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: journal))
                let wired = try NamespaceSnapshot(pod)

                let down = try VMNetBinary.run(["down"] + target)
                #expect(down.status != 0)
                #expect(down.stderr.contains("refusing the journal \(journal): \(edit.message)"), "\(down.stderr)")
                #expect(down.stderr.contains("nothing was undone"), "\(down.stderr)")
                #expect(try NamespaceSnapshot(pod) == wired)

                try original.write(to: URL(fileURLWithPath: journal))
                let realDown = try VMNetBinary.run(["down"] + target)
                #expect(realDown.status == 0, "\(realDown.stderr)")
            }
        }
    }

    private func mode(_ path: String) throws -> Int {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw TestFailure("lstat \(path): errno \(errno)") }
        return Int(info.st_mode & 0o777)
    }
}

/// A hand edit of the masquerade example's journal (9 steps: bridge k6t-eth0, its address, two sysctls, tap0,
/// its master, tap0 up, k6t-eth0 up, the NAT rules) and the reason `down` must give.
enum JournalEdit: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// The bridge's entry claims `up` created the pod's own eth0, so `down` would delete it.
    case entryNamesPodLink
    /// The plan creates eth0, the pod's interface, and its entry agrees.
    case planCreatesPodLink
    /// The entry of `set tap0 up` and its step both name the pod's loopback.
    case planChangesLoopback
    /// The NAT entry claims `up` created the built-in chain POSTROUTING.
    case foreignChain
    /// An entry more than the plan has steps.
    case extraEntry

    var message: String {
        switch self {
        case .entryNamesPodLink: "entry 1 (create bridge k6t-eth0 (mac 02:00:00:00:00:00, mtu 1500)) records that it created link eth0"
        case .planCreatesPodLink: "its plan creates link eth0, which the pod had already"
        case .planChangesLoopback: "its plan changes link lo, which is neither one of the pod's interfaces it was planned from nor one the plan creates"
        case .foreignChain:
            "entry 9 (add 6 nat rules and chains KUBEVIRT_PREINBOUND, KUBEVIRT_POSTINBOUND, one commit per table) records "
                + "that it created chain POSTROUTING, which the step does not create"
        case .extraEntry: "it has 10 entries for the 9 steps of its plan"
        }
    }

    var testDescription: String { rawValue }

    func apply(to journal: inout [String: Any]) {
        var header = journal["header"] as! [String: Any]
        var plan = header["plan"] as! [String: Any]
        var interfaces = plan["interfaces"] as! [[String: Any]]
        var interface = interfaces[0]["plan"] as! [String: Any]
        var steps = interface["steps"] as! [[String: Any]]
        var entries = journal["entries"] as! [[String: Any]]
        switch self {
        case .entryNamesPodLink:
            entries[0]["prior"] = ["newLink": ["name": "eth0"]]
        case .planCreatesPodLink:
            steps[0] = ["createBridge": ["name": "eth0", "mtu": 1500]]
            entries[0]["prior"] = ["newLink": ["name": "eth0"]]
        case .planChangesLoopback:
            steps[6] = ["setLinkState": ["link": "lo", "up": true]]
            entries[6]["prior"] = ["linkState": ["up": true, "snapshot": ["link": "lo", "addresses": [], "routes": []]]]
        case .foreignChain:
            entries[8]["prior"] = ["natRules": ["createdChains": ["ipv4": ["KUBEVIRT_PREINBOUND", "POSTROUTING"], "ipv6": []]]]
        case .extraEntry:
            entries.append(["interface": "default", "summary": "delete eth0", "state": "done"])
        }
        interface["steps"] = steps
        interfaces[0]["plan"] = interface
        plan["interfaces"] = interfaces
        header["plan"] = plan
        journal["header"] = header
        journal["entries"] = entries
    }
}
