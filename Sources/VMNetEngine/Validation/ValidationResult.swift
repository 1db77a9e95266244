import VMNetCore
/// The outcome of validating one VM: the VM as vmnet will wire it (defaults applied) and every diagnostic.
public struct ValidationResult: Sendable, Equatable {
    /// The VM after defaults.
    public var vm: VirtualMachine
    /// Every finding, errors and warnings, without locations.
    public var diagnostics: [Diagnostic]

    /// Whether no error was found (warnings allowed).
    public var isValid: Bool { !diagnostics.containsErrors }
}
