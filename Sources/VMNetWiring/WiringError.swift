import VMNetCore
import VMNetRuntime

/// Why the pipeline stopped, said so the user can act. Nothing in the namespace changed unless the executor's
/// error says so.
public enum WiringError: Error, Sendable, CustomStringConvertible {
    /// A manifest file cannot be read or is not YAML or JSON; every diagnostic of the files, in source order.
    case unreadable([Diagnostic])
    /// The manifests do not validate; every diagnostic, errors and warnings, in source order.
    case invalid([Diagnostic])
    /// What the pod's CNI or device plugin gave cannot be read (a malformed network-status, no sysfs).
    case podContext(String)
    /// The VM (named) cannot be planned, or its devices allocated, in this pod.
    case planFailed(vm: String, String)
    /// The ConfigMap's `natBackend` names no backend.
    case invalidNATBackend(String)
    /// The executor refused or failed.
    case executor(ExecutorError)

    /// Whether the manifests are at fault (vmnet's exit status 1) rather than the input or the system (2).
    public var isManifestProblem: Bool {
        switch self {
        case .invalid, .planFailed, .invalidNATBackend: true
        case .executor(.planChanged): true
        case .unreadable, .podContext, .executor: false
        }
    }

    /// What went wrong and what to do; diagnostics one per line, compiler style.
    public var description: String {
        switch self {
        case .unreadable(let diagnostics), .invalid(let diagnostics):
            diagnostics.map(\.formatted).joined(separator: "\n")
        case .podContext(let message):
            message
        case .planFailed(let vm, let message):
            "cannot plan VM \(vm): \(message)"
        case .invalidNATBackend(let value):
            "the kubevirt-config ConfigMap's \(ClusterConfig.natBackendKey) is `\(value)`: it must be "
                + NATBackendChoice.allCases.map(\.rawValue).joined(separator: ", ")
        case .executor(let error):
            error.description
        }
    }
}
