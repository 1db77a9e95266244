import ArgumentParser

extension DownCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Unwire VMs from a pod's network namespace, undoing exactly what `vmnet up` made.",
        discussion: """
            Undoes the journaled steps in reverse order and restores what they changed (MACs, MTUs, masters, \
            link states, addresses and the routes that went with them, sysctls, NAT rules), then deletes the \
            journal, so the namespace is as it was before `vmnet up`. With manifest files, only their VMs; \
            without, every VM journaled in the namespace. Works after a crash or `kill -9` of `vmnet up`, and \
            running it twice is fine. Needs CAP_NET_ADMIN and CAP_SYS_ADMIN (run as root).

            Exit status: 0 done (or nothing to undo), 2 usage, input or system error.
            """
    )
}
