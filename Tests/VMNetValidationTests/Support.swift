import Foundation
import VMNetCore
import VMNetEngine
import VMNetManifest
import VMNetPluginHost

/// The nine built-in drivers, loaded from their .so files beside the test binary, as the CLI loads them.
let drivers = PluginRegistry(searchPath: .besideExecutable).drivers

/// The folder of the spec's examples.
let specFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/spec")

/// Decodes and validates manifest text as the file `case.yaml`.
func diagnostics(of text: String, file: String = "case.yaml") throws -> [Diagnostic] {
    let set = try ManifestDecoder(drivers: drivers).decode(text, file: file)
    return set.validate(with: Validator(drivers: drivers)).diagnostics
}
