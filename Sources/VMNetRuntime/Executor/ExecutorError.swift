import Glibc
import VMNetCore

/// Why `up`, `down` or reading a namespace's facts did not do what was asked, said so the user can act.
public enum ExecutorError: Error, Sendable, CustomStringConvertible {
    /// The process lacks a capability the command needs.
    case missingCapability(command: String, missing: [String])
    /// The namespace file does not exist.
    case namespaceMissing(NetworkNamespace)
    /// The name (or path) given cannot name a namespace (`NetworkNamespace.invalidity` says why): nothing was read
    /// or made.
    case invalidNamespace(NetworkNamespace, reason: String)
    /// The state directory, a folder in it or a journal is not what vmnet makes (a symbolic link, not a folder,
    /// another user's, writable by others): vmnet neither follows nor uses it.
    case unsafeStateFile(path: String, reason: String)
    /// A journal records a change of a link its plan does not make, or entries that are not its plan's steps
    /// (edited by hand, or by another program): `down` refuses it before undoing anything.
    case tamperedJournal(path: String, reason: String)
    /// A thread could not enter the namespace (`setns`).
    case cannotEnterNamespace(NetworkNamespace, reason: String)
    /// Reading the namespace's links, addresses or routes failed.
    case cannotReadNamespace(NetworkNamespace, StepError)
    /// The state directory or a journal could not be read or written.
    case stateFile(path: String, operation: String, code: Int32)
    /// A journal exists but cannot be understood.
    case unreadableJournal(path: String, reason: String)
    /// The namespace's interfaces are no longer those the plan was made from (another `up` changed them meanwhile):
    /// nothing was made; read the facts and plan again.
    case factsChanged(VMReference, NetworkNamespace)
    /// The VM is already wired from other manifests, and `replace` was not asked for.
    case planChanged(VMReference, PlanDifference, stateFile: String)
    /// No backend of the choice can make NAT rules in the namespace (the kernel lacks it, or refuses this
    /// process): nothing was changed.
    case natBackendUnavailable(NATBackendChoice, NetworkNamespace, [NATBackendRefusal])
    /// A step failed; the steps before it were undone (or, if that failed too, the journal keeps what is left).
    case stepFailed(StepFailure)
    /// `down` (or the undo before a replace) could not undo a step; the journal keeps what is left.
    case undoFailed(UndoFailure)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .missingCapability(let command, let missing):
            "\(command) needs \(missing.joined(separator: " and ")) (CAP_NET_ADMIN to change links, addresses, "
                + "routes, sysctls and NAT rules; CAP_SYS_ADMIN to enter the network namespace), and this process "
                + "does not have \(missing.count == 1 ? "it" : "them"): run it as root, e.g. `sudo \(command) …`"
        case .namespaceMissing(let namespace):
            "there is no \(namespace) (\(namespace.path) does not exist): create it with `ip netns add "
                + "\(namespace.stateName)`, or name an existing namespace file with --netns-path"
        case .invalidNamespace(let namespace, let reason):
            "cannot use \(String(reflecting: namespace.path)) as a network namespace: \(reason); --netns takes one "
                + "name as `ip netns list` shows it, --netns-path a namespace file"
        case .unsafeStateFile(let path, let reason):
            "refusing the state file \(path): \(reason) (vmnet makes its folders 0700 and journals 0600, owned by "
                + "the user it runs as, and never follows a symbolic link there); remove it, or choose another --state-dir"
        case .tamperedJournal(let path, let reason):
            "refusing the journal \(path): \(reason); it is not as vmnet up wrote it, so nothing was undone: undo by "
                + "hand what it records and delete it"
        case .cannotEnterNamespace(let namespace, let reason):
            "cannot enter the \(namespace): \(reason)"
        case .cannotReadNamespace(let namespace, let error):
            "cannot read the interfaces of the \(namespace): \(error)"
        case .stateFile(let path, let operation, let code):
            "\(operation) \(path): \(String(cString: strerror(code)))"
                + (code == EACCES || code == EPERM ? " (run as root, or choose a writable --state-dir)" : "")
        case .unreadableJournal(let path, let reason):
            "cannot read the journal \(path): \(reason) (it was not written by this version of vmnet; "
                + "undo what it records by hand and delete it)"
        case .factsChanged(let vm, let namespace):
            "cannot wire VM \(vm): the interfaces of the \(namespace) changed after it was planned; nothing was made, "
                + "plan again"
        case .planChanged(let vm, let difference, let stateFile):
            "VM \(vm) is already wired from different manifests (\(stateFile)); the plan differs:\n"
                + difference.description
                + "\nrun `vmnet down` first, or `vmnet up --replace` to undo the applied plan and apply this one"
        case .natBackendUnavailable(let choice, let namespace, let refusals):
            if choice == .auto {
                "neither NAT backend works in the \(namespace); nothing was changed: "
                    + refusals.map { "\($0.backend): \($0.reason)" }.joined(separator: "; ")
            } else {
                "the \(choice) NAT backend cannot work in the \(namespace): \(refusals.map(\.reason).joined(separator: "; ")); "
                    + "nothing was changed. Use the \(refusals[0].backend.other) backend instead "
                    + "(--nat-backend \(refusals[0].backend.other), or natBackend: \(refusals[0].backend.other) in the "
                    + "kubevirt-config ConfigMap), or --nat-backend auto"
            }
        case .stepFailed(let failure):
            failure.description
        case .undoFailed(let failure):
            failure.description
        }
    }
}
