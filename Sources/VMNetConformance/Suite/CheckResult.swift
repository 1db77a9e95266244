/// How one check ended, and why.
public struct CheckResult: Codable, Sendable, Equatable {
    /// Passed, failed, or not run.
    public enum Outcome: String, Codable, Sendable {
        /// The plugin does what the check asks.
        case passed
        /// It does not; the reason says what was seen and what to do.
        case failed
        /// The check did not run: it needs something this run lacks (a scratch namespace, a loadable plugin).
        case skipped
    }

    /// The check.
    public var check: ConformanceCheck
    /// How it ended.
    public var outcome: Outcome
    /// What was checked or seen; for a failure, the first offending case and what to do.
    public var reason: String
    /// For a failure, every offending case (at most 100), the first one being the reason's.
    public var details: [String]

    /// Creates a result.
    public init(_ check: ConformanceCheck, _ outcome: Outcome, _ reason: String, details: [String] = []) {
        self.check = check
        self.outcome = outcome
        self.reason = reason
        self.details = details
    }

    /// A pass.
    static func passed(_ check: ConformanceCheck, _ reason: String) -> CheckResult { CheckResult(check, .passed, reason) }
    /// A failure.
    static func failed(_ check: ConformanceCheck, _ reason: String) -> CheckResult { CheckResult(check, .failed, reason) }
    /// A check that did not run.
    static func skipped(_ check: ConformanceCheck, _ reason: String) -> CheckResult { CheckResult(check, .skipped, reason) }

    /// A pass when `problems` is empty, else a failure naming the first ones and how many there were.
    static func verdict(_ check: ConformanceCheck, problems: [String], passed: String) -> CheckResult {
        guard let first = problems.first else { return .passed(check, passed) }
        let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
        return CheckResult(check, .failed, first + more, details: problems.count > 1 ? Array(problems.prefix(100)) : [])
    }
}
