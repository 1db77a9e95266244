import Glibc
import VMNetConformance

// The process VMNetConformance runs a plugin under test in: a program of its own, so that no library, and no
// program linking one, carries code that runs before its `main`.
let usage = """
    USAGE: vmnet-plugin-probe <job-file>

    Loads one plugin and runs the conformance checks a job file names, reporting to the job's event log. The \
    conformance suite (`vmnet plugins test`, or VMNetConformance in a plugin's own tests) writes the job and runs \
    this: run those instead.
    """

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "-h" || arguments.first == "--help" {
    print(usage)
    exit(0)
}
guard arguments.count == 1, let jobFile = arguments.first, !jobFile.hasPrefix("-") else {
    let text = Array((usage + "\n").utf8)
    _ = write(STDERR_FILENO, text, text.count)
    exit(2)
}
exit(ConformanceChild.run(jobFile: jobFile))
