/// A CNI error result (`{"cniVersion", "code", "msg", "details"}` on standard output, with a non-zero exit).
///
/// Codes 1–11 and 50–51 are the CNI specification's; 100 and up are vmnet's own (`docs/kubernetes.md`).
public struct CNIError: Error, Sendable, Encodable, Equatable, CustomStringConvertible {
    /// The specification's codes and vmnet's.
    public enum Code: Int, Sendable, Encodable {
        /// The configuration's CNI version is not one the plugin speaks.
        case incompatibleVersion = 1
        /// A field of the configuration is not supported.
        case unsupportedField = 2
        /// The container is unknown, or does not exist.
        case unknownContainer = 3
        /// A `CNI_*` environment variable is missing or invalid.
        case invalidEnvironment = 4
        /// Reading or writing state failed.
        case ioFailure = 5
        /// The configuration is not JSON of the expected shape.
        case decodingFailure = 6
        /// The network configuration is invalid.
        case invalidNetworkConfig = 7
        /// A transient failure: try again later.
        case tryAgainLater = 11
        /// STATUS: the plugin cannot serve ADD.
        case notAvailable = 50
        /// vmnet: the VM's networking (`args.cni.vmnet`) does not validate; `details` lists every error.
        case manifestInvalid = 100
        /// vmnet: the interface cannot be planned in this pod.
        case planFailed = 101
        /// vmnet: wiring or unwiring the namespace failed; what was made was undone unless the message says so.
        case wiringFailed = 102
        /// vmnet: CHECK found the namespace differing from what ADD made.
        case checkFailed = 103
    }

    /// The version the answer is in.
    public var cniVersion: String
    /// The code.
    public var code: Code
    /// What went wrong, in one sentence.
    public var msg: String
    /// More: every diagnostic, every difference.
    public var details: String?

    /// An error in version `cniVersion` (the request's; the newest vmnet speaks when it is unknown).
    public init(_ code: Code, _ msg: String, details: String? = nil, cniVersion: String = CNIVersion.newest) {
        self.cniVersion = cniVersion
        self.code = code
        self.msg = msg
        self.details = details
    }

    /// `msg`, then `details`.
    public var description: String { details.map { "\(msg): \($0)" } ?? msg }
}
