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

    @OptionGroup var container: CNIContainerOption

    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Where the journals are kept: one file per namespace and VM.", valueName: "dir"))
    var stateDirectory: String = StateDirectory.defaultPath

    func validate() throws {
        switch (name, path, container.containerID) {
        case (nil, nil, nil):
            throw ValidationError("name the network namespace with --netns NAME, --netns-path PATH or --cni-container ID")
        case (.some, .some, _), (.some, _, .some), (_, .some, .some):
            throw ValidationError("give one of --netns, --netns-path and --cni-container")
        case (.some(let name), nil, nil) where name.isEmpty || name.contains("/"):
            throw ValidationError("--netns takes a name as `ip netns list` shows it; give a path with --netns-path")
        default: break
        }
    }

    /// The namespace named; for `--cni-container`, looked up in the state directory, exiting when it is unknown.
    var namespace: NetworkNamespace {
        if let name { return NetworkNamespace(name: name) }
        if let path { return NetworkNamespace(path: path) }
        do {
            return try container.namespace(in: state)!
        } catch {
            error.exit()
        }
    }

    /// The state directory.
    var state: StateDirectory { StateDirectory(path: stateDirectory) }
}
