import VMNetBackendGenie
import VMNetBackendMultus
import VMNetBackendPod
import VMNetBindingBridge
import VMNetBindingMasquerade
import VMNetBindingSlirp
import VMNetBindingSRIOV
import VMNetCore

/// The seven drivers that ship with vmnet.
enum BuiltinDrivers {
    static let all = DriverSet(
        bindings: [BridgeBinding(), MasqueradeBinding(), SlirpBinding(), SRIOVBinding()],
        backends: [PodBackend(), MultusBackend(), GenieBackend()]
    )
}
