import FoundationEssentials
internal import CVMNetPlugin
import VMNetCore

/// A driver behind a descriptor: answers one JSON operation at a time, from any thread.
final class ExportedDriver: Sendable {
    /// The driver, by kind.
    enum Driver: Sendable {
        case binding(any Binding)
        case backend(any Backend)
    }

    /// A `call` result: the status and the response document.
    struct Answer {
        var status: Int32
        var document: Data
    }

    let driver: Driver
    let manifest: PluginManifest

    init(_ driver: Driver) {
        self.driver = driver
        manifest =
            switch driver {
            case .binding(let binding): .binding(binding.manifest)
            case .backend(let backend): .backend(backend.manifest)
            }
    }

    /// Answers `operation` with the request document `request`.
    func answer(_ operation: String, _ request: Data) -> Answer {
        guard let operation = PluginOperation(rawValue: operation) else {
            let known = PluginOperation.allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(VMNET_PLUGIN_UNSUPPORTED, "unknown operation '\(operation)'; this plugin answers \(known)")
        }
        let header: PluginRequestHeader
        do {
            header = try JSONDecoder().decode(PluginRequestHeader.self, from: request)
        } catch {
            return .failure(VMNET_PLUGIN_BAD_REQUEST, PluginFailure(malformed: "the \(operation) request is not a vmnet request document", error).error)
        }
        guard ContractVersion.supported.contains(header.contractVersion) else {
            let spoken = ContractVersion.supported.map(\.description).joined(separator: ", ")
            return .failure(
                VMNET_PLUGIN_BAD_REQUEST,
                "the \(manifest.name) plugin does not speak contract version \(header.contractVersion); it speaks \(spoken)")
        }
        let version = header.contractVersion
        switch (operation, driver) {
        case (.describe, _):
            return .success(manifest, in: version)
        case (.validate, .binding(let binding)):
            return respond(operation, request, in: version) { (request: BindingValidationRequest) in PluginDiagnostics(binding.validate(request)) }
        case (.validate, .backend(let backend)):
            return respond(operation, request, in: version) { (request: BackendValidationRequest) in PluginDiagnostics(backend.validate(request)) }
        case (.plan, .binding(let binding)):
            return respond(operation, request, in: version) { (request: BindingPlanRequest) throws(PlanError) in try binding.plan(request) }
        case (.plan, .backend(let backend)):
            return respond(operation, request, in: version) { (request: BackendPlanRequest) throws(PlanError) in try backend.plan(request) }
        case (.apply, .binding(let binding)):
            return respond(operation, request, in: version) { (step: CustomStep) throws(PlanError) in
                try binding.apply(step)
                return EmptyDocument()
            }
        case (.revert, .binding(let binding)):
            return respond(operation, request, in: version) { (step: CustomStep) throws(PlanError) in
                try binding.revert(step)
                return EmptyDocument()
            }
        case (.apply, .backend), (.revert, .backend):
            return .failure(VMNET_PLUGIN_UNSUPPORTED, "the \(manifest.name) backend has no custom steps to \(operation)")
        }
    }

    /// Decodes the request body, runs `body` on it and encodes its result; a thrown `PlanError` is the failure.
    private func respond<Request: Codable & Sendable>(
        _ operation: PluginOperation, _ data: Data, in version: ContractVersion,
        _ body: (Request) throws(PlanError) -> some Encodable
    ) -> Answer {
        let request: Request
        do {
            request = try JSONDecoder().decode(PluginRequest<Request>.self, from: data).request
        } catch {
            return .failure(VMNET_PLUGIN_BAD_REQUEST, PluginFailure(malformed: "the \(operation) request is not a \(Request.self)", error).error)
        }
        if let problem = (request as? any IndexedRequest)?.inconsistency {
            return .failure(VMNET_PLUGIN_BAD_REQUEST, "the \(operation) request is inconsistent: \(problem)")
        }
        do {
            return .success(try body(request), in: version)
        } catch {
            return .failure(VMNET_PLUGIN_FAILED, error.message)
        }
    }
}

extension ExportedDriver.Answer {
    /// The result document in the form of contract `version`, or a failure when it cannot be encoded.
    static func success(_ result: some Encodable, in version: ContractVersion) -> Self {
        do {
            return Self(status: VMNET_PLUGIN_OK, document: try JSONEncoder.vmnetContract(version).encode(result))
        } catch {
            return failure(VMNET_PLUGIN_FAILED, "the plugin's result cannot be encoded as JSON: \(error)")
        }
    }

    /// A non-zero status with `{"error": message}`.
    static func failure(_ status: Int32, _ message: String) -> Self {
        Self(status: status, document: (try? JSONEncoder().encode(PluginFailure(message))) ?? Data(#"{"error":"unencodable error"}"#.utf8))
    }
}
