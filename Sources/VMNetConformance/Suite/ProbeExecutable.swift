import Glibc
import VMNetPluginHost

/// Where the suite finds `vmnet-plugin-probe`, the executable each plugin under test runs in.
enum ProbeExecutable {
    /// The environment variable that names the probe, for a program that links VMNetConformance and has no probe
    /// beside it.
    static let variable = "VMNET_PLUGIN_PROBE"

    /// The paths tried, in order: `$VMNET_PLUGIN_PROBE` alone when it is set; otherwise beside the running
    /// executable (a build folder: vmnet's, or that of a package whose test target depends on the
    /// `vmnet-plugin-probe` product), then `../libexec/vmnet/` from its folder (`make install`).
    static func candidates(variable: String?, executableFolder: String?) -> [String] {
        if let variable, !variable.isEmpty { return [variable] }
        let folder = executableFolder ?? "."
        return ["\(folder)/vmnet-plugin-probe", "\(folder)/../libexec/vmnet/vmnet-plugin-probe"]
    }

    /// The first candidate that is executable.
    static func locate(
        variable: String? = ProcessEnvironment.current[ProbeExecutable.variable],
        executableFolder: String? = PluginSearchPath.executableFolder
    ) throws(ConformanceError) -> String {
        let candidates = candidates(variable: variable, executableFolder: executableFolder)
        guard let probe = candidates.first(where: { access($0, X_OK) == 0 }) else {
            throw .probeMissing(searched: candidates, fromVariable: variable?.isEmpty == false)
        }
        return probe
    }
}
