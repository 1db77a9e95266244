import Foundation
import VMNetCore
import VMNetEngine
import VMNetManifest

/// Decodes and validates manifest `text` with `drivers`, as `vmnet validate` does.
func validate(_ text: String, with drivers: DriverSet) throws -> ValidationReport {
    try ManifestDecoder(drivers: drivers).decode(text, file: "vm.yaml").validate(with: Validator(drivers: drivers))
}

/// A VM (`kind: VM`) with one interface `net` bound by `binding` (its extra YAML fields in `fields`) to a network of
/// `backend`.
func oneInterfaceVM(binding: String, fields: String = "", backend: String = "pod: {}") -> String {
    """
    kind: VM
    metadata: {name: testvm}
    spec:
      domain:
        devices:
          interfaces:
          - name: net
            \(binding): {}\(fields.isEmpty ? "" : "\n        " + fields)
      networks:
      - name: net
        \(backend)
    """
}
