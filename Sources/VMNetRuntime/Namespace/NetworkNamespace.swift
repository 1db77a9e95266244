import Glibc

/// A network namespace vmnet wires: one that `ip netns add NAME` made (`/var/run/netns/NAME`), or any namespace
/// file (`/proc/PID/ns/net`, a bind mount).
public struct NetworkNamespace: Sendable, Hashable, CustomStringConvertible {
    /// Where `ip netns` keeps its named namespaces.
    public static let namedDirectory = "/var/run/netns"

    /// The namespace file.
    public let path: String
    /// The name its state goes under in the state directory: the `ip netns` name, or the path with `%` and `/`
    /// escaped, so the same file always finds the same journals.
    public let stateName: String

    /// The namespace `ip netns` knows as `name`.
    public init(name: String) {
        self.init(path: "\(Self.namedDirectory)/\(name)")
    }

    /// The namespace bound at `path`; `/var/run/netns/NAME` and `/run/netns/NAME` are the namespace `NAME`.
    public init(path: String) {
        self.path = path
        let named = [Self.namedDirectory + "/", "/run/netns/"].lazy.compactMap { prefix in
            path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
        }.first
        if let named, !named.isEmpty, !named.contains("/"), named != ".", named != ".." {
            stateName = named
        } else {
            stateName = FileName.escaping(path)
        }
    }

    /// Whether the namespace file exists.
    public var exists: Bool { access(path, F_OK) == 0 }

    /// `network namespace NAME` or `network namespace at PATH`.
    public var description: String {
        path == "\(Self.namedDirectory)/\(stateName)" ? "network namespace \(stateName)" : "network namespace at \(path)"
    }
}

/// File names made from arbitrary text.
enum FileName {
    /// `text` with `%`, `/` and a leading `.` percent-escaped, so it is one file name and never hidden.
    static func escaping(_ text: String) -> String {
        var escaped = ""
        for (offset, character) in text.enumerated() {
            switch character {
            case "%": escaped += "%25"
            case "/": escaped += "%2F"
            case "." where offset == 0: escaped += "%2E"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
