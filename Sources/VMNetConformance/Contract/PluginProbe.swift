import FoundationEssentials
import VMNetCore
import VMNetRuntime

/// The child's calls to the plugin under test: each one announced in the event log first, timed, watched for
/// output, and skipped when an earlier child died in it.
final class PluginProbe {
    /// What became of one call.
    enum Outcome: Equatable {
        /// The plugin returned `status` and `response` (nil when it set none).
        case answered(status: Int32, response: [UInt8]?)
        /// An earlier child died in this call; the text says how (`crashed with SIGSEGV`).
        case crashed(String)

        /// The response parsed as JSON, for a call that returned one.
        var document: JSONValue? {
            guard case .answered(_, let response?) = self else { return nil }
            return JSONValue(parsing: response)
        }

        /// The status, for a call that returned.
        var status: Int32? {
            guard case .answered(let status, _) = self else { return nil }
            return status
        }
    }

    /// One call made, for the latency and quietness checks.
    struct Record {
        var operation: String
        var label: String
        var duration: Duration
        /// What the call wrote on standard output or error, if anything.
        var output: String?
    }

    let raw: RawPlugin
    /// The contract version every well-formed request carries.
    let contract: ContractVersion
    private let log: EventLog
    private let crashed: [String: String]
    private let watch: OutputWatch
    private(set) var records: [Record] = []

    init(raw: RawPlugin, contract: ContractVersion, log: EventLog, crashed: [String: String], watch: OutputWatch) {
        self.raw = raw
        self.contract = contract
        self.log = log
        self.crashed = crashed
        self.watch = watch
    }

    /// Sends `request` as `operation`; `label` names the request in reports and must be unique within a run.
    func call(_ operation: String, _ request: [UInt8], label: String) -> Outcome {
        if let what = crashed[label] { return .crashed(what) }
        log.append(.calling(label: label))
        let mark = watch.mark()
        let answer = raw.call(operation, request)
        records.append(Record(operation: operation, label: label, duration: answer.duration, output: watch.written(since: mark)))
        return .answered(status: answer.status, response: answer.response)
    }

    /// Sends the well-formed request document for `body`.
    func call(_ operation: PluginOperation, _ body: some Codable & Sendable, label: String) -> Outcome {
        call(operation.rawValue, Self.encode(PluginRequest(contractVersion: contract, request: body)), label: label)
    }

    /// `value` as JSON with sorted keys, so one request is always the same bytes.
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // The contract's documents are plain data: encoding them cannot fail.
        return [UInt8](try! encoder.encode(value))
    }
}
