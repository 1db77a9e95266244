import Foundation

/// What the test guest printed on its serial console, read from its VMNET lines
/// (the format is documented in Tests/Guest/initramfs/lib/vmnet.sh).
struct GuestReport: CustomStringConvertible {
    /// The whole serial log, for failure messages.
    let serialLog: String
    /// What run-guest.sh printed on standard error (its timing line, or why it failed).
    let runnerErrors: String
    /// One entry per `VMNET nic=…` line, in the order printed.
    let nics: [NICReport]
    /// Every variable udhcpc passed to its script (`VMNET-DHCP`), by NIC name then variable.
    let dhcp: [String: [String: String]]
    /// Every `VMNET-FETCH` line's fields.
    let fetches: [[String: String]]
    /// Every `VMNET-RECV` line's fields.
    let received: [[String: String]]
    /// The text after `VMNET-WARN` / `VMNET-ERROR` on each such line.
    let problems: [String]
    /// Whether the scenario ran to its end (`VMNET-DONE`).
    let finished: Bool
    /// run-guest.sh's timing line (launch, done, stop, total in seconds, as printed).
    let timing: [String: String]

    init(serialLog: String, runnerErrors: String = "") {
        self.serialLog = serialLog
        self.runnerErrors = runnerErrors
        var nics: [NICReport] = []
        var dhcp: [String: [String: String]] = [:]
        var fetches: [[String: String]] = []
        var received: [[String: String]] = []
        var problems: [String] = []
        var finished = false
        for rawLine in serialLog.split(whereSeparator: \.isNewline) {
            let line = String(rawLine)
            let (tag, rest) = Self.split(line)
            switch tag {
            case "VMNET": nics.append(NICReport(fields: Self.fields(rest)))
            case "VMNET-DHCP":
                // nic=eth0 NAME=raw value, where the value may hold spaces.
                let (nicField, variable) = Self.split(rest)
                guard let equals = variable.firstIndex(of: "=") else { break }
                dhcp[String(nicField.dropFirst("nic=".count)), default: [:]][String(variable[..<equals])] =
                    String(variable[variable.index(after: equals)...])
            case "VMNET-FETCH": fetches.append(Self.fields(rest))
            case "VMNET-RECV": received.append(Self.fields(rest))
            case "VMNET-WARN", "VMNET-ERROR": problems.append(line)
            case "VMNET-DONE": finished = true
            default: break
            }
        }
        self.nics = nics
        self.dhcp = dhcp
        self.fetches = fetches
        self.received = received
        self.problems = problems
        self.finished = finished
        let timingLine = runnerErrors.split(whereSeparator: \.isNewline)
            .last { $0.hasPrefix("run-guest: scenario=") }
        timing = timingLine.map { Self.fields(String($0.dropFirst("run-guest: ".count))) } ?? [:]
    }

    var description: String {
        "serial log:\n\(serialLog)\nrun-guest.sh:\n\(runnerErrors)"
    }

    /// The NIC the guest saw with this MAC address (the guest names NICs in driver load order,
    /// not in domain order, so tests find them by MAC).
    func nic(mac: String) -> NICReport? {
        nics.first { $0.mac == mac.lowercased() }
    }

    private static func split(_ line: String) -> (tag: Substring, rest: String) {
        guard let space = line.firstIndex(of: " ") else { return (line[...], "") }
        return (line[..<space], String(line[line.index(after: space)...]))
    }

    /// `key=value key=value`: values hold no spaces, except the last pair's of a VMNET-FETCH
    /// body or error, which runs to the end of the line.
    private static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        var remaining = Substring(text)
        while let equals = remaining.firstIndex(of: "=") {
            let key = remaining[..<equals].trimmingCharacters(in: .whitespaces)
            let valueStart = remaining.index(after: equals)
            if key == "body" || key == "error" {
                fields[key] = String(remaining[valueStart...])
                break
            }
            let valueEnd = remaining[valueStart...].firstIndex(of: " ") ?? remaining.endIndex
            fields[key] = String(remaining[valueStart..<valueEnd])
            remaining = remaining[valueEnd...]
        }
        return fields
    }
}

/// One NIC as the guest reported it: MAC, driver, queues, and the lease it got.
struct NICReport {
    /// Every key of the VMNET line (nic, mac, driver, queues, ip, router, dns, mtu, routes…).
    let fields: [String: String]

    subscript(key: String) -> String? { fields[key] }

    var name: String { fields["nic", default: ""] }
    var mac: String { fields["mac", default: ""] }
    var driver: String { fields["driver", default: ""] }
    var queues: Int? { fields["queues"].flatMap { Int($0) } }
    /// The IPv4 address with prefix length, e.g. `10.0.2.13/24`.
    var ipv4: String { fields["ip", default: ""] }
    /// Comma-separated values as a list (dns, search, routes).
    func list(_ key: String) -> [String] {
        fields[key, default: ""].split(separator: ",").map(String.init)
    }
}
