import Glibc

/// `vmnet-dhcpd`'s command line: one serving plan, from a file.
struct DaemonArguments {
    /// Where the serving plan (JSON) is read from; `-` is standard input.
    var planFile: String

    static let usage = """
        USAGE: vmnet-dhcpd --plan <file>

        Serves DHCPv4 (and DHCPv6 for IPv6 masquerade) to the guests a serving plan names, inside the plan's network \
        namespace, until SIGINT or SIGTERM. Each lease granted is printed.

        `vmnet serve` and `vmnet up --serve` run it with the plan they make from vmnet's journals: run those instead. \
        It links the DHCP servers and nothing else, so it stays small while it serves for the life of a pod.

        OPTIONS:
          --plan <file>   The serving plan: JSON with namespacePath, namespaceDescription and guests; - reads stdin.
          -h, --help      Show this help.
        """

    /// Parses `arguments`; prints the usage and exits 0 for `--help`, or 2 for anything it cannot take.
    static func parse(_ arguments: ArraySlice<String>) -> DaemonArguments {
        var planFile: String?
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "-h", "--help":
                print(usage)
                exit(0)
            case "--plan":
                guard let value = rest.popFirst() else { fail("--plan needs a file") }
                planFile = value
            default:
                if argument.hasPrefix("--plan=") {
                    planFile = String(argument.dropFirst("--plan=".count))
                } else {
                    fail("unknown argument '\(argument)'")
                }
            }
        }
        guard let planFile else { fail("give the serving plan with --plan FILE") }
        return DaemonArguments(planFile: planFile)
    }

    private static func fail(_ message: String) -> Never {
        DaemonOutput.error("\(message)\n\n\(usage)")
        exit(2)
    }
}
