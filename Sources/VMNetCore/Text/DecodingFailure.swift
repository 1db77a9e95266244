/// Where and why a `Codable` decode failed, taken apart once for every message that names the wrong field.
/// Package-wide, not plugin API.
package struct DecodingFailure {
    /// The field's path as the coding path writes it: `[0].interface`, `.plan.steps[2]`; empty at the top.
    package let path: String
    /// Foundation's description of the failure.
    package let detail: String
    /// The error beneath, when there is one.
    package let underlying: String?
    /// The key that was missing, for a missing key.
    package let missingKey: String?

    /// The parts of `error`; for an error that is not a `DecodingError`, only its description.
    package init(_ error: any Error) {
        guard let error = error as? DecodingError else {
            (path, detail, underlying, missingKey) = ("", String(describing: error), nil, nil)
            return
        }
        let context: DecodingError.Context
        var missing: String?
        switch error {
        case .keyNotFound(let key, let found):
            context = found
            missing = key.stringValue
        case .dataCorrupted(let found), .typeMismatch(_, let found), .valueNotFound(_, let found):
            context = found
        @unknown default:
            (path, detail, underlying, missingKey) = ("", String(describing: error), nil, nil)
            return
        }
        path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        detail = context.debugDescription
        underlying = context.underlyingError.map { String(describing: $0) }
        missingKey = missing
    }

    /// The path without its leading `.`: `plan.steps[2]`.
    package var fieldPath: String { path.hasPrefix(".") ? String(path.dropFirst()) : path }
}
