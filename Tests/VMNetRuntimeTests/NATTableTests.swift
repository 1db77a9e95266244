import Foundation
import Glibc
import Synchronization
import Testing
import VMNetSystem
import VMNetCore
import VMNetTestKit
@testable import VMNetRuntime

private let commits = Atomic<Int>(0)

@Suite("NATTable", .serialized)
struct NATTableTests {
    private static let cases: [Masquerade] = [
        Masquerade(family: .ipv4, port: 80), Masquerade(family: .ipv4, port: nil),
        Masquerade(family: .ipv6, port: 80), Masquerade(family: .ipv6, port: nil),
    ]

    @Test(
        "installs the masquerade rules exactly as iptables-legacy would, in one commit (needs root)",
        .enabled(if: getuid() == 0, "needs root"), arguments: cases
    )
    func install(masquerade: Masquerade) throws {
        try TestNamespace.with { ours in
            try TestNamespace.with { reference in
                for line in masquerade.commandLines { try reference.iptablesLegacy(masquerade.family, line) }
                let expected = try reference.natSave(masquerade.family)

                var library = masquerade.family == .ipv4 ? IPTC.ipv4 : IPTC.ipv6
                let commit = library.commit
                library.commit = { handle in
                    commits.add(1, ordering: .relaxed)
                    return commit(handle)
                }
                let before = commits.load(ordering: .relaxed)
                let readBack = try ours.thread.run {
                    let table = try NATTable(family: masquerade.family, library: library)
                    try table.install(chains: masquerade.chains, rules: masquerade.rules)
                    return try table.chains()
                }
                #expect(commits.load(ordering: .relaxed) - before == 1)
                let saved = try ours.natSave(masquerade.family)
                #expect(saved == expected)
                let printed = masquerade.rules.map(\.description)
                #expect(Set(saved.filter { $0.hasPrefix("-A ") }) == Set(printed))
                #expect(Set(readBack.flatMap(\.rules)) == Set(masquerade.rules))
                #expect(readBack.map(\.name) == ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", "KUBEVIRT_POSTINBOUND", "KUBEVIRT_PREINBOUND"])
                #expect(readBack.filter(\.isBuiltin).count == 4)
            }
        }
    }

    @Test(
        "removes exactly its rules and chains, restoring the empty nat table (needs root)",
        .enabled(if: getuid() == 0, "needs root"), arguments: cases
    )
    func remove(masquerade: Masquerade) throws {
        try TestNamespace.with { namespace in
            let (removal, again) = try namespace.thread.run {
                let table = try NATTable(family: masquerade.family)
                try table.install(chains: masquerade.chains, rules: masquerade.rules)
                let removal = try table.remove(rules: masquerade.rules.reversed(), chains: masquerade.chains)
                let again = try table.remove(rules: masquerade.rules, chains: masquerade.chains)
                return (removal, again)
            }
            #expect(try namespace.natSave(masquerade.family) == emptyNATTable)
            #expect(removal.removedRules.count == masquerade.rules.count)
            #expect(removal.missingRules.isEmpty)
            #expect(Set(removal.deletedChains) == Set(masquerade.chains))
            #expect(again.removedRules.isEmpty)
            #expect(again.missingRules.count == masquerade.rules.count)
            #expect(again.deletedChains.isEmpty)
        }
    }

    @Test("removes rules that iptables-legacy added, and keeps a chain that still has foreign rules (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func removeForeign() throws {
        let masquerade = Masquerade(family: .ipv4, port: 80)
        try TestNamespace.with { namespace in
            for line in masquerade.commandLines { try namespace.iptablesLegacy(.ipv4, line) }
            try namespace.iptablesLegacy(.ipv4, ["-A", "KUBEVIRT_PREINBOUND", "-p", "udp", "--dport", "53", "-m", "comment", "--comment", "foreign", "-j", "RETURN"])
            let (removal, chains) = try namespace.thread.run {
                let table = try NATTable(family: .ipv4)
                return (try table.remove(rules: masquerade.rules, chains: masquerade.chains), try table.chains())
            }
            #expect(removal.removedRules.count == masquerade.rules.count)
            #expect(removal.deletedChains == ["KUBEVIRT_POSTINBOUND"])
            #expect(removal.keptChains == ["KUBEVIRT_PREINBOUND"])
            #expect(chains.first { $0.name == "KUBEVIRT_PREINBOUND" }?.entries == [.unrecognized(target: "RETURN")])
        }
    }

    @Test("reads back port ranges, udp, DNAT with a port, RETURN and interface matches (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func otherShapes() throws {
        let rules = [
            IPTablesRule(chain: "KUBEVIRT_PREINBOUND", transportProtocol: .udp, destinationPorts: 5000...5010, target: .dnat(to: IPAddress("10.0.2.2")!)),
            IPTablesRule(chain: "KUBEVIRT_PREINBOUND", transportProtocol: .tcp, destinationPorts: 8080...8080, target: .dnat(to: IPAddress("10.0.2.2")!, port: 80)),
            IPTablesRule(chain: "OUTPUT", source: network("127.0.0.1"), transportProtocol: .tcp, destinationPorts: 49152...49153, target: .return),
            IPTablesRule(chain: "POSTROUTING", source: network("10.0.2.0/24"), outInterface: "eth0", target: .masquerade),
        ]
        let v6 = [IPTablesRule(chain: "OUTPUT", destination: network("::1"), transportProtocol: .tcp, destinationPorts: 80...80, target: .dnat(to: IPAddress("fd10:0:2::2")!, port: 8080))]
        try TestNamespace.with { namespace in
            let (v4Back, v6Back) = try namespace.thread.run {
                let v4Table = try NATTable(family: .ipv4)
                try v4Table.install(chains: ["KUBEVIRT_PREINBOUND"], rules: rules)
                let v6Table = try NATTable(family: .ipv6)
                try v6Table.install(chains: [], rules: v6)
                return (try v4Table.chains().flatMap(\.rules), try v6Table.chains().flatMap(\.rules))
            }
            #expect(Set(v4Back) == Set(rules))
            #expect(v6Back == v6)
            let saved = try namespace.natSave(.ipv4).filter { $0.hasPrefix("-A ") }
            #expect(Set(saved) == Set(rules.map(\.description)))
            #expect(saved.contains("-A KUBEVIRT_PREINBOUND -p udp -m udp --dport 5000:5010 -j DNAT --to-destination 10.0.2.2"))
            #expect(try namespace.natSave(.ipv6).contains("-A OUTPUT -d ::1/128 -p tcp -m tcp --dport 80 -j DNAT --to-destination [fd10:0:2::2]:8080"))
        }
    }

    @Test("commits nothing when the kernel rejects one rule of the batch (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func atomic() throws {
        let masquerade = Masquerade(family: .ipv4, port: 80)
        let misplaced = IPTablesRule(chain: "POSTROUTING", target: .dnat(to: IPAddress("10.0.2.2")!))
        try TestNamespace.with { namespace in
            let failure = try namespace.thread.run {
                let table = try NATTable(family: .ipv4)
                return Result { () throws(IPTablesError) in
                    try table.install(chains: masquerade.chains, rules: masquerade.rules + [misplaced])
                }
            }
            #expect {
                try failure.get()
            } throws: { error in
                guard case .refused(let operation, let reason) = error as? IPTablesError else { return false }
                return operation == "commit the iptables nat table" && !reason.isEmpty
            }
            #expect(try namespace.natSave(.ipv4) == emptyNATTable)
        }
    }

    @Test("rejects rules it cannot express before touching the table, and calls from another namespace (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func invalid() throws {
        try TestNamespace.with { namespace in
            let table = try namespace.thread.run { try NATTable(family: .ipv4) }
            let errors = try namespace.thread.run {
                [
                    IPTablesRule(chain: "OUTPUT", destinationPorts: 80...80, target: .return),
                    IPTablesRule(chain: "OUTPUT", source: network("::1"), target: .return),
                    IPTablesRule(chain: "OUTPUT", target: .dnat(to: IPAddress("10.0.2.2")!, port: 80)),
                    IPTablesRule(chain: "A_CHAIN_NAME_LONGER_THAN_28_BYTES", target: .return),
                    IPTablesRule(chain: "TWO\tWORDS", target: .return),
                    IPTablesRule(chain: "NO\u{00A0}BREAK", target: .return),
                ].map { rule in
                    Result { () throws(IPTablesError) in try table.install(chains: [], rules: [rule]) }
                }.map { result -> IPTablesError? in if case .failure(let error) = result { error } else { nil } }
            }
            for error in errors {
                guard case .invalidRule? = error else {
                    Issue.record("expected an invalid rule, got \(String(describing: error))")
                    continue
                }
            }
            #expect(errors[0]?.description == "invalid rule `-A OUTPUT -j RETURN`: --dport needs -p tcp or -p udp")
            #expect(errors[4]?.description.contains("must be 1 to 28 bytes without spaces") == true, "\(String(describing: errors[4]))")
            #expect(errors[5]?.description.contains("without spaces") == true, "a non-ASCII space is whitespace too")
            #expect { try table.chains() } throws: { error in
                guard case .wrongNamespace(let expected, _) = error as? IPTablesError else { return false }
                return expected == table.namespace
            }
        }
    }

    @Test("appends 1000 rules in one commit and removes them in another (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func thousand() throws {
        let rules = (0..<1000).map { index in
            IPTablesRule(
                chain: "KUBEVIRT_PREINBOUND", transportProtocol: .tcp, destinationPorts: UInt16(10000 + index)...UInt16(10000 + index),
                target: .dnat(to: IPAddress("10.0.2.2")!)
            )
        }
        try TestNamespace.with { namespace in
            let clock = ContinuousClock()
            let (installed, removed, count) = try namespace.thread.run {
                let table = try NATTable(family: .ipv4)
                let installed = try clock.measure { try table.install(chains: ["KUBEVIRT_PREINBOUND"], rules: rules) }
                let count = try table.chains().first { $0.name == "KUBEVIRT_PREINBOUND" }?.rules.count
                let removed = try clock.measure { try table.remove(rules: rules, chains: ["KUBEVIRT_PREINBOUND"]) }
                return (installed, removed, count)
            }
            print("NATTable: 1000 rules installed in \(installed), removed in \(removed)")
            #expect(count == 1000)
            #expect(try namespace.natSave(.ipv4) == emptyNATTable)
        }
    }

    /// The host's iptables-legacy and ip6tables-legacy tables, read without `-t nat`: saving one table by name
    /// makes it where it did not exist, and this test once left the host an empty nat table of its own making.
    private static func hostTables() throws -> [String] {
        try VMNetTestKit.NamespaceSnapshot.take(nil).lines.filter { $0.hasPrefix("ip4 ") || $0.hasPrefix("ip6 ") }
    }

    @Test("leaves the host's iptables tables untouched, and makes none there (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func hostUntouched() throws {
        let before = try Self.hostTables()
        for masquerade in Self.cases {
            try TestNamespace.with { namespace in
                try namespace.thread.run {
                    let table = try NATTable(family: masquerade.family)
                    try table.install(chains: masquerade.chains, rules: masquerade.rules)
                }
            }
        }
        #expect(try Self.hostTables() == before)
    }
}

extension Masquerade: CustomTestStringConvertible {
    var testDescription: String { "\(family) \(port.map { "port \($0)" } ?? "all ports")" }
}
