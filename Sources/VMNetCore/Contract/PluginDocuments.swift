/// The document vmnet sends with every operation: the negotiated contract version and the operation's input.
public struct PluginRequest<Body: Codable & Sendable>: Codable, Sendable {
    /// The contract version the plugin must answer in.
    public var contractVersion: ContractVersion
    /// The operation's input.
    public var request: Body

    /// Creates a request.
    public init(contractVersion: ContractVersion, request: Body) {
        self.contractVersion = contractVersion
        self.request = request
    }
}

/// The contract version of a request, read before its body so a plugin can refuse a version it does not speak.
public struct PluginRequestHeader: Codable, Sendable {
    /// The contract version the plugin must answer in.
    public var contractVersion: ContractVersion
}

/// The input of `describe` and the result of `apply` and `revert`: `{}`.
public struct EmptyDocument: Codable, Sendable, Equatable {
    /// Creates the empty document.
    public init() {}
}

/// The result of `validate`: the plugin's own findings.
public struct PluginDiagnostics: Codable, Sendable, Equatable {
    /// The diagnostics, with field paths and no locations (the core adds those).
    public var diagnostics: [Diagnostic]

    /// Wraps diagnostics.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

/// The document that comes with every non-zero result of `call`.
public struct PluginFailure: Codable, Sendable, Equatable, Error, CustomStringConvertible {
    /// What went wrong and what to do, in words for the user.
    public var error: String

    /// Creates a failure.
    public init(_ error: String) {
        self.error = error
    }

    public var description: String { error }
}

extension PluginFailure {
    /// A failure for a document that did not decode, saying in one line where and why, e.g.
    /// `the plan request is not a BindingPlanRequest: missing key 'vm' at request`.
    public init(malformed what: String, _ error: any Error) {
        let failure = DecodingFailure(error)
        let reason = failure.missingKey.map { "missing key '\($0)'" } ?? failure.detail
        self.init("\(what): \(reason)\(failure.path.isEmpty ? "" : " at \(failure.fieldPath)")")
    }
}
