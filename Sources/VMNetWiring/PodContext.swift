import FoundationEssentials
import VMNetCore
import VMNetEngine
import VMNetSRIOV

/// What the pod's CNI and device plugin gave it, besides its interfaces: Multus's network-status annotation, the
/// device plugin's `PCIDEVICE_*` variables, and the sysfs tree its SR-IOV virtual functions are checked against.
public struct PodContext: Sendable {
    /// The `k8s.v1.cni.cncf.io/network-status` annotation's text, when given.
    public let networkStatusAnnotation: String?
    /// Its entries, whose device-info may carry the pod's virtual functions.
    public let networkStatus: [NetworkStatusEntry]?
    /// The environment holding the device plugin's `PCIDEVICE_*` variables.
    public let environment: [String: String]
    /// The sysfs tree where the pod's virtual functions must be VFs bound to vfio-pci.
    public let sysfsRoot: String

    /// A context without a network-status annotation.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, sysfsRoot: String = "/sys") {
        networkStatusAnnotation = nil
        networkStatus = nil
        self.environment = environment
        self.sysfsRoot = sysfsRoot
    }

    /// A context with the pod's network-status annotation; one that is not Multus's JSON array is refused.
    public init(
        networkStatus annotation: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        sysfsRoot: String = "/sys"
    ) throws(WiringError) {
        do {
            networkStatus = try NetworkStatusEntry.entries(inAnnotation: annotation)
        } catch {
            throw .podContext(error.description)
        }
        networkStatusAnnotation = annotation
        self.environment = environment
        self.sysfsRoot = sysfsRoot
    }

    /// The pod's annotations the backends are given: the network-status one, when given.
    public var annotations: [String: String]? {
        networkStatusAnnotation.map { [BackendPlanRequest.networkStatusAnnotation: $0] }
    }

    /// Where the virtual functions were given: the network-status annotation when an entry carries a PCI device,
    /// else the device plugin's variables when any is set; `nil` when neither was.
    public var givenSource: VirtualFunctionSource? {
        if let networkStatusAnnotation, networkStatus?.contains(where: { $0.pciAddress != nil }) == true {
            return .networkStatus(networkStatusAnnotation)
        }
        if environment.keys.contains(where: { $0.hasPrefix("PCIDEVICE_") }) {
            return .devicePlugin(environment: environment)
        }
        return nil
    }

    /// The source a wired pod takes its virtual functions from: the one given, else the device plugin's.
    var wiringSource: VirtualFunctionSource { givenSource ?? .devicePlugin(environment: environment) }

    /// The virtual function of each claim, by network name, taken from `source` and checked to be a free VF under
    /// the sysfs root.
    public func virtualFunctions(
        for claims: [HostDeviceClaim], of vm: VirtualMachine, from source: VirtualFunctionSource
    ) throws(WiringError) -> [String: PCIAddress] {
        guard !claims.isEmpty else { return [:] }
        let networks: [SRIOVNetwork]
        do {
            networks = try claims.map { claim throws(SRIOVError) in
                try SRIOVNetwork(
                    claiming: claim.network, backend: claim.backend, attachmentName: claim.attachmentName,
                    attachment: claim.attachment)
            }
        } catch {
            throw .planFailed(vm: vm.name, "\(error)")
        }
        let allocator: VirtualFunctionAllocator
        do {
            allocator = try VirtualFunctionAllocator(inventory: SRIOVInventory(sysfsRoot: sysfsRoot))
        } catch {
            throw .podContext(error.description)
        }
        do {
            return try allocator.allocate(networks, from: source)
        } catch {
            throw .planFailed(vm: vm.name, "\(error)")
        }
    }

    /// `manifestDigest` extended with the virtual functions given, so that a second `up` with other ones is a
    /// changed plan. Unchanged when there are none. (The network-status entries are in `manifestDigest` already:
    /// they are a planner option.)
    static func digest(_ manifestDigest: String, devices: [String: PCIAddress]) -> String {
        guard !devices.isEmpty else { return manifestDigest }
        let functions = devices.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return SHA256.hexDigest(([manifestDigest] + functions).joined(separator: "\n"))
    }
}
