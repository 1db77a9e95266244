import CVMNetSys

/// Giving up privileges once they are no longer needed, as a daemon does after binding its sockets.
public enum CapabilityDrop {
    /// Empties the calling thread's capability sets (bounding, ambient, effective, permitted, inheritable) and sets
    /// `no_new_privs`, so neither it nor anything it runs or starts can act as root again.
    ///
    /// Linux keeps credentials per thread: each thread that is already running calls this itself (a
    /// `NamespaceThread` through `run`); threads started afterwards inherit the empty sets.
    ///
    /// - Throws: `SystemError` naming the `prctl` or `capset` that failed.
    public static func dropAll() throws(SystemError) {
        let rc = vmnet_drop_capabilities()
        guard rc == 0 else { throw SystemError("drop the capabilities of this thread", code: -rc) }
    }
}
