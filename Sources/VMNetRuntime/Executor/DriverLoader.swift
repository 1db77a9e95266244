import Synchronization
import VMNetCore

/// The drivers, loaded on first use: only `custom` steps need them, and loading every plugin costs more than
/// undoing most journals.
final class DriverLoader: Sendable {
    private let load: @Sendable () -> DriverSet
    private let loaded = Mutex<DriverSet?>(nil)

    init(_ load: @escaping @Sendable () -> DriverSet) {
        self.load = load
    }

    /// The drivers, loading them the first time.
    var drivers: DriverSet {
        loaded.withLock { loaded in
            if let loaded { return loaded }
            let drivers = load()
            loaded = drivers
            return drivers
        }
    }
}
