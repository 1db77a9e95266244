import VMNetRuntime

extension FaultInjection {
    /// The test hooks `VMNET_FAIL_AT_STEP` and `VMNET_PAUSE_*` in a debug build, which the tests run; a release
    /// build reads no test switch from its environment.
    static var ofThisBuild: FaultInjection {
        #if VMNET_TESTING
        return .fromEnvironment()
        #else
        return .none
        #endif
    }
}
