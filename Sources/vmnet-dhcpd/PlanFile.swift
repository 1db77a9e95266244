import FoundationEssentials
import Glibc
import VMNetDHCP
import VMNetSystem

/// Reads a serving plan; FoundationEssentials' decoder, not all of Foundation, keeps the process small.
enum PlanFile {
    /// The plan in `path` (`-`: standard input).
    static func read(_ path: String) throws(PlanFileError) -> DHCPServingPlan {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path, String(cString: strerror(errno))) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        let bytes: [UInt8]
        do {
            bytes = try readAll(descriptor: descriptor, path: path)
        } catch {
            throw .unreadable(path, error.reason)
        }
        do {
            return try JSONDecoder().decode(DHCPServingPlan.self, from: Data(bytes))
        } catch {
            throw .invalid(path, "\(error)")
        }
    }
}

/// Why a serving plan could not be read.
enum PlanFileError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case invalid(String, String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read the serving plan \(path): \(reason)"
        case .invalid(let path, let reason): "the serving plan \(path) is not valid: \(reason)"
        }
    }
}
