/// The latency of one operation's calls to a plugin, measured around the descriptor's `call` alone.
public struct OperationTiming: Codable, Sendable, Equatable {
    /// The operation: `describe`, `validate`, `plan`, `apply`, `revert`, or one the plugin does not know.
    public var operation: String
    /// How many calls were measured.
    public var calls: Int
    /// The fastest call, in milliseconds.
    public var minimumMilliseconds: Double
    /// The median call, in milliseconds.
    public var medianMilliseconds: Double
    /// The slowest call, in milliseconds.
    public var maximumMilliseconds: Double
    /// The request of the slowest call, in words.
    public var slowest: String

    /// `plan: 120 calls, median 0.21 ms, max 1.30 ms (plan of pod-masquerade …)`.
    public var summary: String {
        "\(operation): \(calls) call\(calls == 1 ? "" : "s"), median \(Self.format(medianMilliseconds)) ms, "
            + "max \(Self.format(maximumMilliseconds)) ms (\(slowest))"
    }

    /// Milliseconds with two decimals, e.g. `0.21`.
    public static func format(_ milliseconds: Double) -> String {
        let hundredths = Int((milliseconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
