import Synchronization
import VMNetCore
import VMNetEngine

/// A `DriverSet` made on first use: `down` needs drivers only for `custom` steps, and loading every plugin costs
/// more than undoing most journals.
public final class LazyDriverSet: Sendable {
    private let load: @Sendable () -> DriverSet
    private let loaded = Mutex<DriverSet?>(nil)

    /// A set that `load` makes the first time it is asked for.
    public init(_ load: @escaping @Sendable () -> DriverSet) {
        self.load = load
    }

    /// The drivers, made the first time.
    public var drivers: DriverSet {
        loaded.withLock { loaded in
            if let loaded { return loaded }
            let drivers = load()
            loaded = drivers
            return drivers
        }
    }
}
