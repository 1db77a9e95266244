/// `timing.latency`: every call's latency, summed up per operation; a call slower than the budget fails, since
/// vmnet calls plugins while a VM waits for its network.
enum LatencyCheck {
    /// The timings of `records`, by operation in the order first called.
    static func timings(_ records: [PluginProbe.Record]) -> [OperationTiming] {
        var order: [String] = []
        var byOperation: [String: [PluginProbe.Record]] = [:]
        for record in records {
            if byOperation[record.operation] == nil { order.append(record.operation) }
            byOperation[record.operation, default: []].append(record)
        }
        return order.map { operation in
            let calls = byOperation[operation]!.sorted { $0.duration < $1.duration }
            return OperationTiming(
                operation: operation, calls: calls.count, minimumMilliseconds: milliseconds(calls.first!.duration),
                medianMilliseconds: milliseconds(calls[calls.count / 2].duration),
                maximumMilliseconds: milliseconds(calls.last!.duration), slowest: calls.last!.label)
        }
    }

    /// The verdict: every call within `budget` milliseconds.
    static func check(_ records: [PluginProbe.Record], budget: Double) -> CheckResult {
        let slow = records.filter { milliseconds($0.duration) > budget }.sorted { $0.duration > $1.duration }
        let slowest = records.max { $0.duration < $1.duration }
        let summary = slowest.map {
            "\(records.count) calls within the budget of \(OperationTiming.format(budget)) ms; the slowest took "
                + "\(OperationTiming.format(milliseconds($0.duration))) ms (\($0.label))"
        }
        return .verdict(
            .timingLatency,
            problems: slow.map {
                "\($0.label) took \(OperationTiming.format(milliseconds($0.duration))) ms, over the budget of \(OperationTiming.format(budget)) ms"
            },
            passed: summary ?? "no calls were made")
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
