import VMNetRuntime

/// The daemon's command line: `vmnet-embed --watch DIR [--netns NAME] [--state-dir DIR] [--plugin-path DIR]…
/// [--resolv-conf FILE]`.
struct DaemonOptions: Sendable {
    /// The folder of manifests to watch.
    var folder = ""
    /// The namespace of manifests without a `vmnet/netns` annotation.
    var defaultNamespace: String?
    /// Where the executor keeps its journals.
    var stateDirectory = StateDirectory.defaultPath
    /// Folders searched for plugins before the standard ones.
    var pluginPaths: [String] = []
    /// Where the guests' DNS servers and search domains come from.
    var resolvConf = "/etc/resolv.conf"

    static let usage = """
        usage: vmnet-embed --watch DIR [--netns NAME] [--state-dir DIR] [--plugin-path DIR]... [--resolv-conf FILE]
        """

    /// Parses `arguments` (without the program's name).
    init(arguments: [String]) throws(DaemonError) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            if flag == "--help" || flag == "-h" { throw .usage("") }
            guard let value = rest.popFirst() else { throw .usage("\(flag) needs a value") }
            switch flag {
            case "--watch": folder = value
            case "--netns": defaultNamespace = value
            case "--state-dir": stateDirectory = value
            case "--plugin-path": pluginPaths.append(value)
            case "--resolv-conf": resolvConf = value
            default: throw .usage("unknown option \(flag)")
            }
        }
        if folder.isEmpty { throw .usage("give the folder to watch with --watch DIR") }
    }
}
