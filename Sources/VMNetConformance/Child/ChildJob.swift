import VMNetRuntime
import FoundationEssentials
import VMNetPluginHost

/// What a child process is asked to do: which plugin to check, where to report, and what earlier children of
/// the same run learned the hard way (the calls and checks that killed them, so this one skips them).
struct ChildJob: Codable, Sendable {
    /// Bumped when the job's shape changes: the suite and `vmnet-plugin-probe` are separate files, and a probe
    /// from another build of vmnet must refuse the job rather than misread it.
    static let currentFormat = 1

    /// The one field a probe reads before the rest, to refuse a job of another format.
    struct Format: Decodable {
        var format: Int
    }

    /// The scratch namespaces the parent made for the live checks: one where VMs are applied and taken down,
    /// one where failures are injected, so what one phase leaves behind cannot hide a fault from the other.
    struct Live: Codable, Sendable {
        /// The namespace of `live.apply-down`, `live.idempotent` and `live.custom-steps`, as `ip netns` names it.
        var namespace: String
        /// The namespace of `live.rollback`.
        var rollbackNamespace: String
        /// The executor's state directory, inside the run's work folder.
        var stateDirectory: String
        /// Where the snapshot commands' output goes.
        var workFolder: String
        /// The backend the executor makes NAT rules with.
        var natBackend: NATBackendChoice
    }

    /// One folder of the companions' search path.
    struct Folder: Codable, Sendable {
        var path: String
        var origin: PluginSearchPath.Origin
    }

    /// The job's format, `currentFormat` when the suite writes it.
    var format = ChildJob.currentFormat
    /// The plugin file under test.
    var plugin: String
    /// The companions: plugins of the other kind (and other bindings) that the corpus's VMs need.
    var companions: [Folder]
    /// The event log the child appends to.
    var events: String
    /// The child's standard output and standard error files, to quote what a plugin printed.
    var standardOutput: String
    var standardError: String
    /// A folder the child may write in (the node's CNI config folder of the corpus).
    var workFolder: String
    /// The calls that ended an earlier child, by call label, with what happened.
    var crashedCalls: [String: String]
    /// The checks during which an earlier child ended outside any call, with what happened.
    var crashedChecks: [String: String]
    /// The scratch namespace, when the live checks run.
    var live: Live?
    /// The slowest a call may be, in milliseconds.
    var latencyBudgetMilliseconds: Double

    /// The companions' search path.
    var companionPath: PluginSearchPath {
        PluginSearchPath(folders: companions.map { PluginSearchPath.Folder(path: $0.path, origin: $0.origin) })
    }
}

/// One line of a child's event log: JSON, appended as it happens, so whatever a crash leaves is still readable.
enum ChildEvent: Codable, Sendable {
    /// The child begins `check`: a crash outside any call from here on belongs to it.
    case checkStarted(ConformanceCheck)
    /// The child is about to call the plugin with the request `label`: a crash now belongs to that call.
    case calling(label: String)
    /// The plugin loaded and said what it is.
    case identity(ConformanceReport.Identity)
    /// The kind the descriptor declares, known before the manifest is.
    case kind(String)
    /// A check's result.
    case result(CheckResult)
    /// The latencies of every call made.
    case timings([OperationTiming])
    /// The child did everything it was asked.
    case finished
}
