import VMNetConformance

extension ConformanceReport {
    /// The failed checks with their reasons, for expectation messages.
    var failures: String {
        results.filter { $0.outcome == .failed }.map { "\($0.check): \($0.reason)" }.joined(separator: "\n")
    }

    /// The outcome of every live check.
    var liveOutcomes: [CheckResult.Outcome] {
        results.filter(\.check.isLive).map(\.outcome)
    }
}
