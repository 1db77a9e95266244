import FoundationEssentials
import VMNetCore

/// Gives each SR-IOV network of a VM the virtual function the pod was given for it, checking each is a VF of this
/// host bound to vfio-pci and that no VF serves two networks.
public struct VirtualFunctionAllocator: Sendable {
    /// The host's VFs by address.
    public let virtualFunctions: [PCIAddress: VirtualFunction]

    /// An allocator over the VFs of `physicalFunctions`.
    public init(physicalFunctions: [PhysicalFunction]) {
        var functions: [PCIAddress: VirtualFunction] = [:]
        for function in physicalFunctions.flatMap(\.virtualFunctions) {
            functions[function.address] = function
        }
        virtualFunctions = functions
    }

    /// An allocator over the VFs `inventory` reads now.
    public init(inventory: SRIOVInventory) throws(SRIOVError) {
        self.init(physicalFunctions: try inventory.physicalFunctions())
    }

    /// The VF of each network, by network name (what `PodFacts.hostDevices` holds), taken in `networks` order from
    /// `source`: from the device plugin's variable of the network's resource, the next address not yet taken; from
    /// the network-status annotation, the next unused entry of the network's attachment.
    public func allocate(
        _ networks: [SRIOVNetwork], from source: VirtualFunctionSource
    ) throws(SRIOVError) -> [String: PCIAddress] {
        var allocation = Allocation()
        switch source {
        case .devicePlugin(let environment):
            var taken: [String: Int] = [:]
            for network in networks {
                let (address, variable) = try devicePluginAddress(for: network, environment: environment, taken: &taken)
                try allocation.give(try check(address, network: network.name, origin: variable), to: network.name)
            }
        case .networkStatus(let annotation):
            var entries: [NetworkStatusEntry]
            do {
                entries = try NetworkStatusEntry.entries(inAnnotation: annotation)
            } catch {
                throw .malformedNetworkStatus(error.reason)
            }
            for network in networks {
                let name = network.attachment.qualifiedName
                guard let index = entries.firstIndex(where: { $0.name == name && $0.pciAddress != nil }),
                    let text = entries[index].pciAddress
                else { throw .notInNetworkStatus(network: network.name, attachment: name) }
                entries.remove(at: index)
                let origin = "the network-status entry of \(name)"
                try allocation.give(
                    try check(parse(text, origin: origin), network: network.name, origin: origin), to: network.name)
            }
        }
        return allocation.addresses
    }

    /// The next untaken address of the network's resource in the device plugin's variable, and the variable's name.
    private func devicePluginAddress(
        for network: SRIOVNetwork, environment: [String: String], taken: inout [String: Int]
    ) throws(SRIOVError) -> (PCIAddress, String) {
        let attachment = network.attachment.qualifiedName
        guard let resource = network.attachment.resourceName, let variable = network.environmentVariable else {
            throw .noResourceName(network: network.name, attachment: attachment)
        }
        guard let value = environment[variable] else {
            throw .missingEnvironment(
                variable: variable, network: network.name, attachment: attachment, resource: resource)
        }
        let addresses = value.split(separator: ",").map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
        let position = taken[variable, default: 0]
        guard position < addresses.count else {
            throw .exhausted(variable: variable, network: network.name, resource: resource, addresses: addresses)
        }
        taken[variable] = position + 1
        return (try parse(addresses[position], origin: variable), variable)
    }

    /// The address, after checking it is a VF of this host bound to vfio-pci.
    private func check(_ address: PCIAddress, network: String, origin: String) throws(SRIOVError) -> PCIAddress {
        guard let function = virtualFunctions[address] else {
            throw .notAVirtualFunction(address, network: network, origin: origin)
        }
        guard function.isFree else { throw .wrongDriver(address, network: network, driver: function.driver) }
        return address
    }

    private func parse(_ text: String, origin: String) throws(SRIOVError) -> PCIAddress {
        do {
            return try PCIAddress(parsing: text)
        } catch {
            throw .malformedAddress(text, origin: origin)
        }
    }
}

/// The VFs given so far, so that none serves two networks.
private struct Allocation {
    var addresses: [String: PCIAddress] = [:]
    var owners: [PCIAddress: String] = [:]

    mutating func give(_ address: PCIAddress, to network: String) throws(SRIOVError) {
        if let owner = owners[address] {
            throw .allocatedTwice(address, firstNetwork: owner, secondNetwork: network)
        }
        owners[address] = network
        addresses[network] = address
    }
}
