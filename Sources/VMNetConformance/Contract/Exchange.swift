import VMNetRuntime
internal import CVMNetPlugin
import FoundationEssentials
import VMNetCore

/// One request sent twice, with both answers: the second one tells whether the plugin answers the same input
/// the same way.
struct Exchange {
    /// Names the request, e.g. `plan of pod-masquerade, interface default bound by bridge (plain)`.
    var label: String
    var operation: String
    var first: PluginProbe.Outcome
    var second: PluginProbe.Outcome

    /// The first answer's result document, when it succeeded with one.
    var result: JSONValue? {
        guard first.status == VMNET_PLUGIN_OK else { return nil }
        return first.document
    }

    /// Why the first answer is not an error document, or `nil` when it is one: a non-zero status with
    /// `{"error": "…"}` saying what went wrong.
    var errorDocumentProblem: String? {
        switch first {
        case .crashed(let what):
            return "the plugin \(what) on \(label)"
        case .answered(let status, let response):
            guard status != VMNET_PLUGIN_OK else { return "\(label) got status 0 and a result; it needs an error document" }
            guard (VMNET_PLUGIN_FAILED...VMNET_PLUGIN_UNSUPPORTED).contains(status) else {
                return "\(label) got status \(status), which the ABI does not define (1 failed, 2 bad request, 3 unsupported)"
            }
            guard let response else { return "\(label) got status \(status) and no response (set {\"error\": \"…\"})" }
            guard let error = JSONValue(parsing: response)?["error"]?.text, !error.isEmpty else {
                return "\(label) got status \(status) with \(Self.quote(response)), not {\"error\": \"…\"}"
            }
            return nil
        }
    }

    /// Why the two answers differ, or `nil` when they mean the same.
    var differenceProblem: String? {
        switch (first, second) {
        case (.crashed, _):
            return nil
        case (.answered, .crashed(let what)):
            return "\(label) got an answer, then the plugin \(what) on the same request"

        case (.answered(let firstStatus, let firstResponse), .answered(let secondStatus, let secondResponse)):
            if firstStatus != secondStatus {
                return "\(label) got status \(firstStatus), then \(secondStatus) for the same request"
            }
            if firstResponse == secondResponse { return nil }
            guard let firstResponse, let secondResponse else {
                return "\(label) got a response once and none the other time"
            }
            guard let a = JSONValue(parsing: firstResponse), let b = JSONValue(parsing: secondResponse) else {
                return "\(label) got \(Self.quote(firstResponse)), then \(Self.quote(secondResponse))"
            }
            return a.difference(from: b).map { "\(label) answered differently the second time: \($0)" }
        }
    }

    /// Up to 120 bytes of a response, quoted.
    static func quote(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription
        return bytes.count > 120 ? text + "…" : text
    }
}

extension PluginProbe {
    /// Sends `request` as `operation` twice; once when the first call already killed a child.
    func exchange(_ operation: String, _ request: [UInt8], label: String) -> Exchange {
        let first = call(operation, request, label: label)
        if case .crashed = first { return Exchange(label: label, operation: operation, first: first, second: first) }
        return Exchange(
            label: label, operation: operation, first: first, second: call(operation, request, label: label + " (again)"))
    }

    /// Sends the well-formed request document for `body` twice.
    func exchange(_ operation: PluginOperation, _ body: some Codable & Sendable, label: String) -> Exchange {
        exchange(operation.rawValue, Self.encode(PluginRequest(contractVersion: contract, request: body)), label: label)
    }
}

extension JSONValue {
    /// The first place where `self` and `other` differ, e.g. `at steps[3].createTap.name: "tap0", then "tap1"`.
    func difference(from other: JSONValue, at path: String = "") -> String? {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            for key in Set(a.keys).union(b.keys).sorted() {
                let place = path.isEmpty ? key : "\(path).\(key)"
                guard let left = a[key] else { return "at \(place): missing, then present" }
                guard let right = b[key] else { return "at \(place): present, then missing" }
                if let difference = left.difference(from: right, at: place) { return difference }
            }
            return nil
        case (.array(let a), .array(let b)):
            for (index, (left, right)) in zip(a, b).enumerated() {
                if let difference = left.difference(from: right, at: "\(path)[\(index)]") { return difference }
            }
            return a.count == b.count ? nil : "at \(path): \(a.count) elements, then \(b.count)"
        default:
            return self == other ? nil : "at \(path.isEmpty ? "the top" : path): \(self.brief), then \(other.brief)"
        }
    }

    /// A short rendering for messages.
    var brief: String {
        guard let data = try? JSONEncoder().encode(self) else { return "?" }
        let text = String(decoding: data.prefix(60), as: UTF8.self)
        return data.count > 60 ? text + "…" : text
    }
}
