import VMNetCore

/// A VM's network devices in the order of its interfaces (`spec.domain.devices.interfaces`), as KubeVirt writes them.
public struct DomainDevices: RandomAccessCollection, MutableCollection, RangeReplaceableCollection,
    ExpressibleByArrayLiteral, Codable, Sendable, Hashable
{
    /// The devices, in interface order.
    public var devices: [DomainDevice]

    /// Creates an empty list.
    public init() { devices = [] }

    /// Creates a list of `devices`, in the order given.
    public init(_ devices: [DomainDevice]) { self.devices = devices }

    /// Creates a list from an array literal.
    public init(arrayLiteral devices: DomainDevice...) { self.devices = devices }

    /// Decodes a JSON array of devices.
    public init(from decoder: any Decoder) throws {
        devices = try decoder.singleValueContainer().decode([DomainDevice].self)
    }

    /// Encodes the devices as a JSON array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(devices)
    }

    /// The position of the first device.
    public var startIndex: Int { devices.startIndex }
    /// The position past the last device.
    public var endIndex: Int { devices.endIndex }

    /// The device at `position`.
    public subscript(position: Int) -> DomainDevice {
        get { devices[position] }
        set { devices[position] = newValue }
    }

    /// Replaces the devices in `subrange` with `newDevices`.
    public mutating func replaceSubrange(_ subrange: Range<Int>, with newDevices: some Collection<DomainDevice>) {
        devices.replaceSubrange(subrange, with: newDevices)
    }

    /// The tap NICs, in order.
    public var interfaces: [DomainInterface] {
        devices.compactMap { if case .interface(let device) = $0 { device } else { nil } }
    }

    /// The SR-IOV VFs, in order.
    public var hostDevices: [DomainHostDevice] {
        devices.compactMap { if case .hostDevice(let device) = $0 { device } else { nil } }
    }

    /// The devices given as QEMU arguments, in order.
    public var qemuCommandLineDevices: [QEMUCommandLineDevice] {
        devices.compactMap { if case .qemuCommandLine(let device) = $0 { device } else { nil } }
    }

    /// Every QEMU argument of those devices, in order.
    public var qemuArguments: [String] { qemuCommandLineDevices.flatMap(\.arguments) }
}
