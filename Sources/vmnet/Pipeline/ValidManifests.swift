import ArgumentParser
import Glibc
import VMNetCore
import VMNetWiring

extension Wiring {
    /// Reads and validates `files` for a command that acts on VMs (plan, domain, up, pod-annotations): prints the
    /// warnings, and on any error prints every diagnostic and exits (2 for an unreadable file, else 1).
    func validManifests(files: [String]) throws -> Manifests {
        do throws(WiringError) {
            let manifests = try read(files: files)
            for warning in manifests.warnings { StandardStream.error.write(warning.formatted + "\n") }
            return manifests
        } catch {
            StandardStream.error.write(error.description + "\n")
            throw ExitCode(error.isManifestProblem ? 1 : 2)
        }
    }
}

/// Prints `message` on standard error as `vmnet: error: …` and exits with `status`.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 1

    /// A failure with `error`'s message: exit 1 when the manifests are at fault, else 2.
    init(_ error: WiringError) {
        self.init(message: error.description, status: error.isManifestProblem ? 1 : 2)
    }

    init(message: String, status: Int32 = 1) {
        self.message = message
        self.status = status
    }

    func exit() -> Never {
        StandardStream.error.write("vmnet: error: \(message)\n")
        Glibc.exit(status)
    }
}
