import Foundation
import VMNetBackendGenie
import VMNetBackendMultus
import VMNetBackendPod
import VMNetBindingBridge
import VMNetBindingMasquerade
import VMNetBindingSlirp
import VMNetBindingSRIOV
import VMNetCore
import VMNetManifest

/// The seven built-in drivers, as the CLI uses them.
let drivers = DriverSet(
    bindings: [BridgeBinding(), MasqueradeBinding(), SlirpBinding(), SRIOVBinding()],
    backends: [PodBackend(), MultusBackend(), GenieBackend()]
)

/// The folder of the spec's examples.
let specFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/spec")

/// Decodes and validates manifest text as the file `case.yaml`.
func diagnostics(of text: String, file: String = "case.yaml") throws -> [Diagnostic] {
    let set = try ManifestDecoder(drivers: drivers).decode(text, file: file)
    return set.validate(with: Validator(drivers: drivers)).diagnostics
}
