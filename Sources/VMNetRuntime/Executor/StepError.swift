import Glibc
import VMNetCore
import VMNetSystem

/// Why the kernel, or a plugin, refused one host step or its undo.
public enum StepError: Error, Sendable, CustomStringConvertible {
    /// A link, address or route operation failed (libnl's and the kernel's reason).
    case netlink(NetlinkError)
    /// A sysctl could not be read or written.
    case sysctl(SysctlError)
    /// The nat table could not be read or changed (libiptc's reason).
    case iptables(IPTablesError)
    /// The plugin that owns a `custom` step refused it.
    case plugin(PlanError)
    /// The plugin that owns a `custom` step is not loaded.
    case pluginMissing(String)
    /// A step asks for something impossible, found before asking the kernel (e.g. a port outside 1–65535).
    case invalid(String)
    /// A test hook (`FaultInjection.failAtStep`) made the step fail.
    case injected(step: Int)

    /// Whether the kernel said the caller may not do this (EPERM, EACCES).
    public var isPermissionDenied: Bool {
        switch self {
        case .netlink(let error): error.code == .notPermitted || error.code == .noAccess
        case .sysctl(.system(_, let code)): code == EPERM || code == EACCES
        case .iptables(.refused(_, let reason)): reason.contains("Permission denied")
        default: false
        }
    }

    /// The error of `HostOperations` asked to make or undo a step that is not theirs: NAT steps are made
    /// together (`natApply`), a `custom` step by its plugin.
    public static func notHostOperation(_ step: HostStep) -> StepError {
        .invalid("`\(step)` is not a host operation: NAT steps are made together, custom steps by their plugin")
    }

    /// The error of a step that would create the link `name`, which exists already: vmnet takes over no link it
    /// did not make.
    public static func linkTaken(_ name: String) -> StepError {
        .invalid("a link named \(name) already exists in the namespace: vmnet did not make it, so it will not take it "
            + "over (delete it, or run `vmnet down` if an earlier vmnet made it)")
    }

    /// The reason, as the kernel, libnl, libiptc or the plugin gave it.
    public var description: String {
        switch self {
        case .netlink(let error): error.description
        case .sysctl(let error): error.description
        case .iptables(let error): error.description
        case .plugin(let error): error.message
        case .pluginMissing(let plugin):
            "the plugin '\(plugin)' that owns this step is not loaded (add its folder with --plugin-path)"
        case .invalid(let reason): reason
        case .injected(let step): "failure injected at step \(step) by a test hook"
        }
    }
}
