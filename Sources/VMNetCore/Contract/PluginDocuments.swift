/// The document vmnet sends with every operation: the negotiated contract version and the operation's input.
package struct PluginRequest<Body: Codable & Sendable>: Codable, Sendable {
    /// The contract version the plugin must answer in.
    package var contractVersion: ContractVersion
    /// The operation's input.
    package var request: Body

    /// Creates a request.
    package init(contractVersion: ContractVersion, request: Body) {
        self.contractVersion = contractVersion
        self.request = request
    }
}

/// The contract version of a request, read before its body so a plugin can refuse a version it does not speak.
package struct PluginRequestHeader: Codable, Sendable {
    /// The contract version the plugin must answer in.
    package var contractVersion: ContractVersion
}

/// The input of `describe` and the result of `apply` and `revert`: `{}`.
package struct EmptyDocument: Codable, Sendable, Equatable {
    /// Creates the empty document.
    package init() {}
}

/// The result of `validate`: the plugin's own findings.
package struct PluginDiagnostics: Codable, Sendable, Equatable {
    /// The diagnostics, with field paths and no locations (the core adds those).
    package var diagnostics: [Diagnostic]

    /// Wraps diagnostics.
    package init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

/// The document that comes with every non-zero result of `call`.
package struct PluginFailure: Codable, Sendable, Equatable, Error, CustomStringConvertible {
    /// What went wrong and what to do, in words for the user.
    package var error: String

    /// Creates a failure.
    package init(_ error: String) {
        self.error = error
    }

    package var description: String { error }
}

extension PluginFailure {
    /// A failure for a document that did not decode, saying in one line where and why, e.g.
    /// `the plan request is not a BindingPlanRequest: missing key 'vm' at request`.
    package init(malformed what: String, _ error: any Error) {
        let failure = DecodingFailure(error)
        let reason = failure.missingKey.map { "missing key '\($0)'" } ?? failure.detail
        self.init("\(what): \(reason)\(failure.path.isEmpty ? "" : " at \(failure.fieldPath)")")
    }
}
