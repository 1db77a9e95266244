import VMNetCore
import VMNetEngine

/// The verdict on a set of manifests: each VM's result and every diagnostic, located in its file.
public struct ValidationReport: Sendable {
    /// One VM's outcome.
    public struct Machine: Sendable {
        /// The VM after defaults.
        public var vm: VirtualMachine
        /// The file it came from.
        public var file: String
        /// Its diagnostics, located.
        public var diagnostics: [Diagnostic]

        /// Whether the VM has no error.
        public var isValid: Bool { !diagnostics.containsErrors }
    }

    /// Every VM, in input order.
    public var machines: [Machine]
    /// Every diagnostic (decoding, config and each VM's), located, in source order.
    public var diagnostics: [Diagnostic]

    /// Whether nothing is an error (warnings allowed).
    public var isValid: Bool { !diagnostics.containsErrors }
}

extension ManifestSet {
    /// Validates the cluster configs and every VM, locating each diagnostic in the file it concerns.
    public func validate(with validator: Validator) -> ValidationReport {
        var all = diagnostics
        for config in configs {
            all += validator.validate(config: config.config).map { $0.located(in: config.sourceMap) }
        }
        let machines = machines.map { machine in
            let result = validator.validate(machine.vm, config: config, attachments: attachments)
            return ValidationReport.Machine(
                vm: result.vm, file: machine.sourceMap.file,
                diagnostics: result.diagnostics.map { $0.located(in: machine.sourceMap) })
        }
        all += machines.flatMap(\.diagnostics)
        return ValidationReport(machines: machines, diagnostics: all.inSourceOrder)
    }
}
