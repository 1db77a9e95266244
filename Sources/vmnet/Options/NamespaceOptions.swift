import ArgumentParser
import VMNetRuntime

/// The network namespace a command wires, and where its journals are kept.
struct NamespaceOptions: ParsableArguments {
    @Option(name: .customLong("netns"), help: ArgumentHelp(
        "The network namespace, as `ip netns` names it (/var/run/netns/NAME).", valueName: "name"))
    var name: String?

    @Option(name: .customLong("netns-path"), help: ArgumentHelp(
        "The network namespace file instead, e.g. /proc/PID/ns/net.", valueName: "path"))
    var path: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Where the journals are kept: one file per namespace and VM.", valueName: "dir"))
    var stateDirectory: String = StateDirectory.defaultPath

    func validate() throws {
        switch (name, path) {
        case (nil, nil): throw ValidationError("name the network namespace with --netns NAME or --netns-path PATH")
        case (.some, .some): throw ValidationError("give --netns or --netns-path, not both")
        case (.some(let name), nil) where name.isEmpty || name.contains("/"):
            throw ValidationError("--netns takes a name as `ip netns list` shows it; give a path with --netns-path")
        default: break
        }
    }

    /// The namespace named.
    var namespace: NetworkNamespace {
        if let name { NetworkNamespace(name: name) } else { NetworkNamespace(path: path!) }
    }

    /// The state directory.
    var state: StateDirectory { StateDirectory(path: stateDirectory) }
}
