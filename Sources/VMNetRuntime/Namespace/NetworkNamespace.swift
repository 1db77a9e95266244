import Glibc

/// A network namespace vmnet wires: one that `ip netns add NAME` made (`/var/run/netns/NAME`), or any namespace
/// file (`/proc/PID/ns/net`, a bind mount).
public struct NetworkNamespace: Sendable, Hashable, CustomStringConvertible {
    /// Where `ip netns` keeps its named namespaces.
    public static let namedDirectory = "/var/run/netns"

    /// The namespace file.
    public let path: String
    /// The name its state goes under in the state directory: the `ip netns` name, or the path, escaped
    /// (`FileName.escaping`), so the same file always finds the same journals and no two files share them.
    public let stateName: String
    /// Why the name or path given cannot name a namespace (a name holding `/` or NUL, `..`, one longer than a file
    /// name may be); nil when it can. The executor refuses such a namespace before touching anything.
    public let invalidity: String?

    /// The namespace `ip netns` knows as `name`: one file name under `/var/run/netns`, never a path beside it.
    public init(name: String) {
        self.init(path: "\(Self.namedDirectory)/\(name)", invalidity: Self.invalidity(ofName: name))
    }

    /// The namespace bound at `path`; `/var/run/netns/NAME` and `/run/netns/NAME` are the namespace `NAME`.
    public init(path: String) {
        self.init(path: path, invalidity: path.utf8.contains(0) ? "it holds a NUL byte" : nil)
    }

    private init(path: String, invalidity: String?) {
        self.path = path
        self.invalidity = invalidity
        let named = [Self.namedDirectory + "/", "/run/netns/"].lazy.compactMap { prefix in
            path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
        }.first
        if let named, Self.invalidity(ofName: named) == nil {
            stateName = FileName.escaping(named)
        } else {
            stateName = FileName.escaping(path)
        }
    }

    /// Whether the namespace file exists (never for an invalid name).
    public var exists: Bool { invalidity == nil && access(path, F_OK) == 0 }

    /// `network namespace NAME` or `network namespace at PATH`.
    public var description: String {
        path == "\(Self.namedDirectory)/\(stateName)" ? "network namespace \(stateName)" : "network namespace at \(path)"
    }

    /// Why `name` is not one file name of `/var/run/netns`; nil when it is.
    static func invalidity(ofName name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name == "." || name == ".." { return "it is '\(name)', a folder" }
        if name.contains("/") { return "it holds a '/'" }
        if name.utf8.contains(0) { return "it holds a NUL byte" }
        if name.utf8.count > Int(NAME_MAX) { return "it is \(name.utf8.count) bytes long, and a name at most \(NAME_MAX)" }
        return nil
    }
}
