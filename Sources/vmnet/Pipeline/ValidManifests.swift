import ArgumentParser
import FoundationEssentials
import Glibc
import VMNetCore
import VMNetManifest

/// The manifests of a command that acts on VMs (plan, domain, up): decoded and validated, or refused with the
/// diagnostics on standard error and vmnet's exit status.
struct ValidManifests {
    /// The manifests as read.
    var set: ManifestSet
    /// The VMs after defaults, in input order.
    var machines: [VirtualMachine]

    /// Reads and validates `files`; prints warnings, and on any error prints every diagnostic and exits.
    init(files: [String], drivers: DriverSet) throws {
        let decoder = ManifestDecoder(drivers: drivers)
        var set = ManifestSet()
        var unreadable: [Diagnostic] = []
        for file in files {
            do {
                set.append(try decoder.decode(contentsOf: file))
            } catch {
                unreadable.append(error.diagnostic)
            }
        }
        let report = set.validate(with: Validator(drivers: drivers))
        for diagnostic in unreadable + report.diagnostics {
            StandardStream.error.write(diagnostic.formatted + "\n")
        }
        if !unreadable.isEmpty { throw ExitCode(2) }
        if !report.isValid { throw ExitCode(1) }
        self.set = set
        machines = report.machines.map(\.vm)
    }
}

/// Prints `message` on standard error as `vmnet: error: …` and exits with `status`.
struct CommandFailure: Error {
    var message: String
    var status: Int32 = 1

    func exit() -> Never {
        StandardStream.error.write("vmnet: error: \(message)\n")
        Glibc.exit(status)
    }
}
