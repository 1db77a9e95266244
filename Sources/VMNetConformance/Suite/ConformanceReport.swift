import VMNetCore

/// What the suite found about one plugin file: each check's result, in the suite's order, and call latencies.
public struct ConformanceReport: Codable, Sendable {
    /// What the plugin said it is, once it loaded.
    public struct Identity: Codable, Sendable, Equatable {
        /// Binding or backend.
        public var kind: PluginKind
        /// The manifest key.
        public var name: String
        /// The plugin's version.
        public var version: String
        /// The contract version chosen for every call.
        package var contractVersion: ContractVersion
        /// How long vmnet's loader took to check, open, describe and wrap it, in milliseconds.
        public var loadMilliseconds: Double
    }

    /// The plugin file.
    public var file: String
    /// The plugin, when it loaded.
    public var plugin: Identity?
    /// Every check that applies to the plugin, in the suite's order.
    public var results: [CheckResult]
    /// Call latencies by operation.
    public var timings: [OperationTiming]

    /// Whether no check failed (skipped ones do not count against it).
    public var passed: Bool { !results.contains { $0.outcome == .failed } }

    /// The checks that failed, in order.
    public var failedChecks: [ConformanceCheck] { results.filter { $0.outcome == .failed }.map(\.check) }

    /// The result of `check`, if it applies to the plugin.
    public func result(of check: ConformanceCheck) -> CheckResult? {
        results.first { $0.check == check }
    }
}
