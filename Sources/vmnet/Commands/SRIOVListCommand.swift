import ArgumentParser
import VMNetCore
import VMNetSRIOV

/// `vmnet sriov list`: each physical function with its virtual functions, their drivers, and which VFs are free.
struct SRIOVListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the SR-IOV physical functions, their virtual functions and drivers, and which VFs are free.",
        discussion: """
            A VF is free when it is bound to vfio-pci, ready for a guest; a VF bound to another driver is in use by \
            the host (driverctl set-override ADDRESS vfio-pci frees it). Devices, drivers and names come from \
            libpci, the links between physical and virtual functions from sysfs.

            Exit status: 0; 2 usage error or unreadable sysfs tree.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The root of the sysfs tree to read.", valueName: "dir"))
    var sysfsRoot = "/sys"

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let functions: [PhysicalFunction]
        do throws(SRIOVError) {
            functions = try SRIOVInventory(sysfsRoot: sysfsRoot).physicalFunctions()
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
        switch output {
        case .json: try JSONOutput.print(SRIOVListing(sysfsRoot: sysfsRoot, physicalFunctions: functions))
        case .text: printText(functions)
        }
    }

    private func printText(_ functions: [PhysicalFunction]) {
        guard !functions.isEmpty else {
            print("no SR-IOV physical functions under \(sysfsRoot)")
            return
        }
        for function in functions {
            let device = function.device
            print("\(device.address)  \(device.name) [\(device.ids)]")
            let numa = device.numaNode.map { ", NUMA node \($0)" } ?? ""
            print("  driver \(device.driver ?? "none"), \(function.numVFs) of \(function.totalVFs) VFs enabled\(numa)")
            guard !function.virtualFunctions.isEmpty else { continue }
            let rows =
                [["VF", "ADDRESS", "DRIVER", "STATE"]]
                + function.virtualFunctions.map {
                    [String($0.index), $0.address.description, $0.driver ?? "none", state(of: $0)]
                }
            for line in TextTable.lines(rows) { print("  " + line) }
        }
        let all = functions.flatMap(\.virtualFunctions)
        print("\n\(all.filter(\.isFree).count) of \(all.count) virtual functions free")
    }

    private func state(of function: VirtualFunction) -> String {
        if function.isFree { return "free" }
        return function.driver == nil ? "unbound" : "in use by the host"
    }
}

/// What `vmnet sriov list --output json` prints.
private struct SRIOVListing: Encodable {
    var sysfsRoot: String
    var physicalFunctions: [PhysicalFunction]
}
