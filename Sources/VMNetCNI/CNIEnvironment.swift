/// The `CNI_*` parameters of one call, checked as the specification requires for its command.
public struct CNIEnvironment: Sendable, Equatable {
    /// The operation.
    public enum Command: String, Sendable {
        case add = "ADD", del = "DEL", check = "CHECK", status = "STATUS", gc = "GC", version = "VERSION"
    }

    /// `CNI_COMMAND`.
    public var command: Command
    /// `CNI_CONTAINERID`; given for ADD, DEL and CHECK.
    public var containerID: String
    /// `CNI_NETNS`; given for ADD and CHECK, maybe empty for DEL.
    public var netns: String
    /// `CNI_IFNAME`; given for ADD, DEL and CHECK.
    public var ifname: String
    /// `CNI_ARGS`, parsed (`K=V;K=V`); the order varies between calls, so it is never compared as text.
    public var arguments: [String: String]

    /// Reads and checks the parameters in `environment`; a missing or malformed one is code 4, naming it.
    public init(_ environment: [String: String]) throws(CNIError) {
        guard let text = environment["CNI_COMMAND"], !text.isEmpty else {
            throw CNIError(.invalidEnvironment, "CNI_COMMAND is not set: vmnet-cni is a CNI plugin, run by a container runtime")
        }
        guard let command = Command(rawValue: text) else {
            throw CNIError(.invalidEnvironment, "CNI_COMMAND is \(text), not one of ADD, DEL, CHECK, STATUS, GC, VERSION")
        }
        self.command = command
        containerID = environment["CNI_CONTAINERID"] ?? ""
        netns = environment["CNI_NETNS"] ?? ""
        ifname = environment["CNI_IFNAME"] ?? ""
        arguments = Self.parse(environment["CNI_ARGS"] ?? "")
        switch command {
        case .add, .check:
            try Self.require("CNI_NETNS", netns)
            try checkAttachment()
        case .del:
            try checkAttachment()
        case .status, .gc, .version:
            break
        }
    }

    /// The container ID (an alphanumeric, then alphanumerics, `_`, `.`, `-`) and the interface name (1–15
    /// bytes, no `/`, white space or `:`, not `.` or `..`), as the specification and the kernel require.
    private func checkAttachment() throws(CNIError) {
        try Self.require("CNI_CONTAINERID", containerID)
        try Self.require("CNI_IFNAME", ifname)
        let id = Array(containerID.utf8)
        let allowed = { (byte: UInt8) in Self.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") }
        guard Self.isAlphanumeric(id[0]), id.allSatisfy(allowed) else {
            throw CNIError(.invalidEnvironment, "CNI_CONTAINERID '\(containerID)' is invalid: it must start with a letter or digit and hold only letters, digits, '_', '.' and '-'")
        }
        let name = Array(ifname.utf8)
        guard name.count <= 15, ifname != ".", ifname != "..",
            !name.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 <= 0x20 || $0 >= 0x7f })
        else {
            throw CNIError(.invalidEnvironment, "CNI_IFNAME '\(ifname)' is not an interface name: 1 to 15 ASCII characters, no '/', ':' or white space")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func require(_ name: String, _ value: String) throws(CNIError) {
        if value.isEmpty { throw CNIError(.invalidEnvironment, "\(name) is not set, and CNI_COMMAND needs it") }
    }

    private static func parse(_ text: String) -> [String: String] {
        var arguments: [String: String] = [:]
        for pair in text.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            arguments[String(parts[0])] = parts.count == 2 ? String(parts[1]) : ""
        }
        return arguments
    }
}
