/// Why the test guest or its pod could not be set up or run, with what to do about it.
enum GuestTestError: Error, Equatable, CustomStringConvertible {
    case cannotStart(command: String, reason: String)
    case commandFailed(command: String, status: Int32, stderr: String)
    case io(path: String, reason: String)
    case missingTool(path: String, package: String)
    case lineNotSeen(prefix: String, seconds: Int, serialLog: String)
    case notBuilt(path: String)
    case outputNotSeen(text: String, command: String, output: String)

    var description: String {
        switch self {
        case let .cannotStart(command, reason):
            "cannot start \(command): \(reason)"
        case let .commandFailed(command, status, stderr):
            "\(command) exited \(status): \(stderr)"
        case let .io(path, reason):
            "cannot use \(path): \(reason)"
        case let .missingTool(path, package):
            "\(path) is missing (apt-get install -y \(package))"
        case let .lineNotSeen(prefix, seconds, serialLog):
            "the guest printed no \(prefix) line within \(seconds) s; serial log so far:\n\(serialLog)"
        case let .notBuilt(path):
            "\(path) is missing: run `swift build` first (the tests run the vmnet built beside them)"
        case let .outputNotSeen(text, command, output):
            "\(command) did not print \"\(text)\" in time; it printed:\n\(output)"
        }
    }
}
