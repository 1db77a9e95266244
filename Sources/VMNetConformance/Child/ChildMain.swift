import FoundationEssentials

/// The child side of the suite, which `vmnet-plugin-probe` runs: one job file, written by `ConformanceSuite`, per
/// process.
package enum ConformanceChild {
    /// The exit status when the job file cannot be read, is of another format, or names an event log that cannot
    /// be opened: before any plugin is loaded, so the suite knows the probe, not the plugin, is at fault.
    package static let unreadableJob: Int32 = 65

    /// Runs the job in `jobFile`; the result is the process's exit status.
    package static func run(jobFile: String) -> Int32 {
        let decoder = JSONDecoder()
        guard let data = FileManager.default.contents(atPath: jobFile),
            (try? decoder.decode(ChildJob.Format.self, from: data))?.format == ChildJob.currentFormat,
            let job = try? decoder.decode(ChildJob.self, from: data),
            let log = EventLog(path: job.events)
        else { return unreadableJob }
        ChildRun(job: job, log: log).run()
        log.append(.finished)
        return 0
    }
}
