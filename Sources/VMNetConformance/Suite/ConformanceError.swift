/// Why the suite could not check a plugin at all (as opposed to a check that failed), said so the user can act.
public enum ConformanceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The live checks need root: they make network namespaces and wire them.
    case liveNeedsRoot
    /// The scratch namespace could not be made.
    case scratchNamespace(String)
    /// The run's work folder could not be made.
    case workFolder(path: String, reason: String)
    /// `vmnet-plugin-probe`, the child process that runs the plugin, is at none of the paths searched (the one
    /// `VMNET_PLUGIN_PROBE` names, when `fromVariable`).
    case probeMissing(searched: [String], fromVariable: Bool)
    /// The probe could not read the suite's job: it comes from another build of vmnet.
    case probeMismatch(probe: String)
    /// The child process that runs the plugin could not be started.
    case cannotStartChild(String)

    public var description: String {
        switch self {
        case .liveNeedsRoot:
            "the live checks make and wire network namespaces: run as root, or leave out --netns-scratch"
        case .scratchNamespace(let reason):
            "cannot make the scratch network namespace: \(reason)"
        case .workFolder(let path, let reason):
            "cannot make the work folder \(path): \(reason) (check the temporary folder, $TMPDIR)"
        case .probeMissing(let searched, true):
            "VMNET_PLUGIN_PROBE names \(searched.joined()), which is not an executable file: name the "
                + "vmnet-plugin-probe built with this suite, or unset it"
        case .probeMissing(let searched, false):
            "vmnet-plugin-probe, the process the plugin under test runs in, is missing: looked for "
                + "\(searched.joined(separator: " and ")); reinstall vmnet, add vmnet's vmnet-plugin-probe product to "
                + "the test target's dependencies, or name it in VMNET_PLUGIN_PROBE"
        case .probeMismatch(let probe):
            "\(probe) could not read the suite's job: it comes from another build of vmnet than this suite; use "
                + "the vmnet-plugin-probe built with it"
        case .cannotStartChild(let reason):
            "cannot start the process that runs the plugin: \(reason)"
        }
    }
}
