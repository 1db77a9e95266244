import VMNetRuntime

/// The JSON document `vmnet down --output json` prints.
struct DownOutput: Encodable {
    var namespace: String
    var machines: [TeardownOutcome]
    var error: String?
}
