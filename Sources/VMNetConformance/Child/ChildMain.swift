import FoundationEssentials

/// The entry point of a conformance child process, called by the constructor in `CVMNetConformance` before the
/// program's `main` when `VMNET_CONFORMANCE_CHILD` names a job file; its result is the exit status.
@c(vmnet_conformance_child_main)
func conformanceChildMain(_ job: UnsafePointer<CChar>) -> Int32 {
    let path = String(cString: job)
    guard let data = FileManager.default.contents(atPath: path),
        let job = try? JSONDecoder().decode(ChildJob.self, from: data),
        let log = EventLog(path: job.events)
    else { return 70 }
    ChildRun(job: job, log: log).run()
    log.append(.finished)
    return 0
}
