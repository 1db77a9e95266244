import ArgumentParser

/// `vmnet sriov`: the host's SR-IOV devices, as the sriov binding sees them.
struct SRIOVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sriov",
        abstract: "Show the host's SR-IOV physical and virtual functions.",
        discussion: """
            The sriov binding passes a virtual function (VF) bound to vfio-pci through to the guest; the pod's VFs \
            come from the SR-IOV device plugin's PCIDEVICE_<RESOURCE> variables or the network-status annotation.
            """,
        subcommands: [SRIOVListCommand.self]
    )
}
