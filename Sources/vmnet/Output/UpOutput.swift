import VMNetRuntime

/// The JSON document `vmnet up --output json` prints.
struct UpOutput: Encodable {
    var namespace: String
    var machines: [ApplyOutcome]
    var error: String?
}
