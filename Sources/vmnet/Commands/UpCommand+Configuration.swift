import ArgumentParser

extension UpCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Wire VMs into a pod's network namespace.",
        discussion: """
            Reads the namespace's interfaces, plans each VM from them and makes the host steps that `vmnet plan` \
            prints (links, addresses, MACs, MTUs, sysctls, NAT rules, one commit per table) on a thread inside \
            the namespace. Before each step the journal (--state-dir, one file per namespace and VM) records it \
            and what it changes, so `vmnet down` can undo exactly what was made, even after a crash.

            A VM already wired from the same manifests is left alone. One wired from different manifests is \
            refused with what differs, unless --replace (which undoes the applied plan, then applies this one). \
            When a step fails, the steps before it are undone and the failing step is reported with the \
            kernel's error. Needs CAP_NET_ADMIN and CAP_SYS_ADMIN (run as root).

            Exit status: 0 wired, 1 invalid manifests or a different plan already applied, 2 usage, input or \
            system error (the namespace is then as it was, unless the message says otherwise).
            """
    )
}
