import Synchronization
import VMNetCore

/// Turns a `Binding` or `Backend` into the C descriptor that a plugin's entry symbol returns.
///
/// A Swift plugin is its driver type plus one line:
///
///     @c(vmnet_plugin_entry) public func entry() -> UnsafeRawPointer { PluginExport.binding(BridgeBinding()) }
///
/// The descriptor answers vmnet's JSON calls by decoding each request, calling the driver and encoding its result;
/// a thrown `PlanError` and a request that does not decode become error documents, never crashes.
public enum PluginExport {
    /// Returns the descriptor of the binding `make` creates. `make` runs on the first call only; every call returns
    /// the same descriptor, as the ABI requires.
    public static func binding<Driver: Binding>(_ make: @autoclosure () -> Driver) -> UnsafeRawPointer {
        descriptor(for: Driver.self) { ExportedDriver(.binding(make())) }
    }

    /// Returns the descriptor of the backend `make` creates. `make` runs on the first call only; every call returns
    /// the same descriptor, as the ABI requires.
    public static func backend<Driver: Backend>(_ make: @autoclosure () -> Driver) -> UnsafeRawPointer {
        descriptor(for: Driver.self) { ExportedDriver(.backend(make())) }
    }

    /// Descriptor addresses by driver type: descriptors live as long as the process, so their addresses are stable.
    private static let descriptors = Mutex<[ObjectIdentifier: UInt]>([:])

    private static func descriptor(for type: Any.Type, _ make: () -> ExportedDriver) -> UnsafeRawPointer {
        let address = descriptors.withLock { table in
            if let address = table[ObjectIdentifier(type)] { return address }
            let address = UInt(bitPattern: ExportedDescriptor.make(for: make()))
            table[ObjectIdentifier(type)] = address
            return address
        }
        return UnsafeRawPointer(bitPattern: address)!
    }
}
