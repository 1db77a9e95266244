import VMNetRuntime
internal import CVMNetPlugin
import FoundationEssentials
import VMNetCore

/// The requests no plugin should ever get from vmnet, and the odd ones it might: each must be answered with an
/// error document (or, for the odd but well-formed ones, with any well-formed answer), never a crash.
struct MalformedRequest {
    /// What a conforming plugin answers.
    enum Expectation {
        /// A non-zero status with `{"error": "…"}`.
        case errorDocument
        /// `VMNET_PLUGIN_UNSUPPORTED` with `{"error": "…"}`.
        case unsupported
        /// Anything well-formed: a result document or an error document.
        case anyWellFormed
    }

    var label: String
    var operation: String
    var bytes: [UInt8]
    var expectation: Expectation

    /// The catalogue for a plugin of `kind` named `name`, built around well-formed validate and plan bodies.
    static func catalogue(
        kind: PluginKind, name: String, contract: ContractVersion, validate: JSONValue, plan: JSONValue
    ) -> [MalformedRequest] {
        let version = JSONValue.string(contract.description)
        func document(_ body: JSONValue) -> [UInt8] {
            PluginProbe.encode(JSONValue.object(["contractVersion": version, "request": body]))
        }
        var requests: [MalformedRequest] = []
        for (operation, body) in [("validate", validate), ("plan", plan)] {
            func add(_ what: String, _ bytes: [UInt8], _ expectation: Expectation = .errorDocument) {
                requests.append(MalformedRequest(label: "\(operation) \(what)", operation: operation, bytes: bytes, expectation: expectation))
            }
            add("request that is not JSON", Array(#"{"contractVersion": "1.0", "request": {"vm": "#.utf8))
            add("request of zero bytes", [])
            add("request that is a JSON array", Array("[1, 2, 3]".utf8))
            add("request that is JSON null", Array("null".utf8))
            add("request without a contract version", PluginProbe.encode(JSONValue.object(["request": body])))
            add("request in contract version 99.0", PluginProbe.encode(JSONValue.object(["contractVersion": "99.0", "request": body])))
            add("request whose contract version is a number", PluginProbe.encode(JSONValue.object(["contractVersion": .number(1), "request": body])))
            add("request with an empty body", document(.object([:])))
            add("request whose body is a string", document(.string(operation)))
            add("request that is not UTF-8", [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])
            let vm = body["vm"] ?? .null
            switch kind {
            case .binding:
                let count = vm["interfaces"]?.elements?.count ?? 0
                add("request for interface \(count) of a VM with \(count)",
                    document(body.replacing("interfaceIndex", with: .number(Double(count)))))
                add("request for interface -1", document(body.replacing("interfaceIndex", with: .number(-1))))
                add("request for interface 0 of a VM without interfaces",
                    document(body.replacing("vm", with: vm.replacing("interfaces", with: .array([])))))
                add("request whose interface has no network",
                    document(body.replacing("vm", with: vm.replacing("networks", with: .array([])))), .anyWellFormed)
                add("request for an interface with a 4096-character name",
                    document(body.replacing("vm", with: Self.renamingFirstInterface(vm))), .anyWellFormed)
                if operation == "plan" {
                    add("request without a pod interface", document(body.replacing("podInterface", with: .null)), .anyWellFormed)
                }
            case .backend:
                let count = vm["networks"]?.elements?.count ?? 0
                add("request for network \(count) of a VM with \(count)",
                    document(body.replacing("networkIndexes", with: .array([.number(Double(count))]))))
                add("request for network -1", document(body.replacing("networkIndexes", with: .array([.number(-1)]))))
                add("request for network 0 of a VM without networks",
                    document(body.replacing("vm", with: vm.replacing("networks", with: .array([])))))
            }
        }
        func add(_ label: String, _ operation: String, _ bytes: [UInt8], _ expectation: Expectation = .errorDocument) {
            requests.append(MalformedRequest(label: label, operation: operation, bytes: bytes, expectation: expectation))
        }
        add("frobnicate request (an operation vmnet does not have)", "frobnicate", document(validate), .unsupported)
        add("describe request in contract version 99.0", "describe",
            PluginProbe.encode(JSONValue.object(["contractVersion": "99.0", "request": .object([:])])))
        let foreign = PluginProbe.encode(PluginRequest(
            contractVersion: contract, request: CustomStep(plugin: "\(name)-other", name: "conformance-probe")))
        switch kind {
        case .binding:
            add("apply of another plugin's custom step", "apply", foreign)
            add("revert of another plugin's custom step", "revert", foreign)
            add("apply request that is not JSON", "apply", Array(#"{"contractVersion": "#.utf8))
        case .backend:
            add("apply request (backends have no custom steps)", "apply", foreign)
            add("revert request (backends have no custom steps)", "revert", foreign)
        }
        return requests
    }

    /// The VM with its first interface and that interface's network renamed to 4096 characters.
    private static func renamingFirstInterface(_ vm: JSONValue) -> JSONValue {
        guard var interfaces = vm["interfaces"]?.elements, let first = interfaces.first, let name = first["name"]?.text
        else { return vm }
        let long = JSONValue.string(String(repeating: "n", count: 4096))
        interfaces[0] = first.replacing("name", with: long)
        let networks = (vm["networks"]?.elements ?? []).map { $0["name"]?.text == name ? $0.replacing("name", with: long) : $0 }
        return vm.replacing("interfaces", with: .array(interfaces)).replacing("networks", with: .array(networks))
    }

    /// Why `exchange` (this request's answers) falls short of the expectation, or `nil`.
    func problem(_ exchange: Exchange) -> String? {
        switch expectation {
        case .errorDocument:
            return exchange.errorDocumentProblem
        case .unsupported:
            if let problem = exchange.errorDocumentProblem { return problem }
            guard exchange.first.status == VMNET_PLUGIN_UNSUPPORTED else {
                return "\(label) got status \(exchange.first.status ?? 0); an unknown operation gets VMNET_PLUGIN_UNSUPPORTED (3)"
            }
            return nil
        case .anyWellFormed:
            if case .crashed(let what) = exchange.first { return "the plugin \(what) on \(label)" }
            if exchange.first.status == VMNET_PLUGIN_OK {
                guard case .object = exchange.first.document else {
                    return "\(label) got status 0 with a response that is not a JSON object"
                }
                return nil
            }
            return exchange.errorDocumentProblem
        }
    }

    /// `contract.malformed-requests`: each request of `requests` against its answers.
    static func check(_ requests: [MalformedRequest], _ exchanges: [Exchange]) -> CheckResult {
        .verdict(
            .contractMalformedRequests, problems: zip(requests, exchanges).compactMap { $0.problem($1) },
            passed: "\(requests.count) malformed or unexpected requests got error documents or well-formed answers, and no crash")
    }
}
