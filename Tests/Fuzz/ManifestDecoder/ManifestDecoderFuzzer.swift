// libFuzzer entry point for manifest decoding, validation and planning; built and run by Tests/Fuzz/run-fuzz.sh.
import Glibc
import VMNetCore
import VMNetEngine
import VMNetManifest
import VMNetPluginHost

/// The built-in drivers, loaded from their `.so` files as `vmnet` loads them (`$VMNET_FUZZ_PLUGINS`, which the
/// runner sets to the debug build's folder): validation asks them about their interfaces and networks.
private let drivers: DriverSet = {
    let folder = getenv("VMNET_FUZZ_PLUGINS").map { String(cString: $0) } ?? ".build/debug"
    let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [.init(path: folder, origin: .option)]))
    precondition(registry.drivers.bindings.count >= 4 && registry.drivers.backends.count >= 3,
                 "the built-in drivers are not in \(folder): run swift build first (refused: \(registry.refused))")
    return registry.drivers
}()
private let decoder = ManifestDecoder(drivers: drivers)
private let validator = Validator(drivers: drivers)
private let planner = Planner(drivers: drivers)

/// Decodes one input as a manifest file (YAML, or JSON, which the same reader takes), validates it, and plans each
/// valid VM against the illustrative pod; checks what must hold for any input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let set = try? decoder.decode(text, file: "fuzz.yaml") else { return 0 }
    let lines = lineCount(text)
    let report = set.validate(with: validator)
    for diagnostic in report.diagnostics {
        precondition(!diagnostic.message.isEmpty, "a diagnostic without a message: \(diagnostic)")
        if let location = diagnostic.location {
            precondition(location.line >= 1 && location.line <= lines && location.column >= 1,
                         "diagnostic located outside the text (\(lines) lines): \(diagnostic.formatted)")
        }
    }
    for machine in report.machines where machine.isValid {
        let facts = IllustrativePod.facts(withIPv6: true, hostDeviceNetworks: (machine.vm.networks ?? []).map(\.name))
        _ = try? planner.plan(machine.vm, config: set.config, attachments: set.attachments, facts: facts)
    }
    return 0
}

/// The lines of `text` as YAML counts them: CR LF, a lone CR and LF each end one.
func lineCount(_ text: String) -> Int {
    var lines = 1
    var previous: UInt8 = 0
    for byte in text.utf8 {
        if byte == 0x0D || (byte == 0x0A && previous != 0x0D) { lines += 1 }
        previous = byte
    }
    return lines
}
