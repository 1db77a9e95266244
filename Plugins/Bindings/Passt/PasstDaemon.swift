import Glibc
import VMNetCore

/// One passt process serving one interface of one VM, in the pod's network namespace: the plan's custom step
/// `start-passt`, whose arguments say everything `apply` and `revert` need.
///
/// passt's files (socket, pid file, log) live in a folder of their own under `/run/vmnet-passt`, named by a digest
/// of the VM, the interface and the pod interface (name and MAC), so that `vmnet domain` renders the socket path the
/// daemon listens on without either seeing the other. The folder belongs to the user passt drops to (QEMU's, as KubeVirt runs passt as 107).
struct PasstDaemon: Equatable {
    /// Where the per-interface folders are made.
    static let root = "/run/vmnet-passt"
    /// Debian's passt.
    static let executable = "/usr/bin/passt"
    /// The step's name in plans and journals.
    static let stepName = "start-passt"
    /// The user and group passt drops to when the taps belong to root: passt's own choice, nobody:nogroup.
    static let nobody: UInt32 = 65534

    /// The pod interface passt takes the addresses, routes and MAC from.
    var interface: String
    /// The folder holding passt's socket, pid file and log.
    var directory: String
    /// The forwarded ports.
    var ports: PasstPorts
    /// The MTU passt announces by DHCP and NDP: the pod interface's.
    var mtu: Int
    /// The user passt runs as once it has bound its ports.
    var user: UInt32
    /// Its group.
    var group: UInt32

    var socketPath: String { directory + "/passt.socket" }
    var pidFile: String { directory + "/passt.pid" }
    var logFile: String { directory + "/passt.log" }

    /// The daemon a plan request asks for.
    init(request: BindingPlanRequest, podInterface: PodInterface) {
        // The pod interface's MAC keeps two pods apart that hold VMs of one name (two test runs on one host).
        let identity = "\(request.vm.namespace)/\(request.vm.name)/\(request.interface.name)/\(podInterface.name)/\(podInterface.macAddress)"
        interface = podInterface.name
        directory = Self.root + "/" + Self.folderName(identity)
        ports = PasstPorts(request.interface.ports ?? [])
        mtu = podInterface.mtu
        let isRoot = request.tapOwner == 0
        user = isRoot ? Self.nobody : request.tapOwner
        group = isRoot ? Self.nobody : request.tapGroup
    }

    /// The daemon a journaled step describes; a step of another name, or with an argument missing or malformed,
    /// is refused with the reason.
    init(_ step: CustomStep, plugin: String) throws(PlanError) {
        guard step.plugin == plugin, step.name == Self.stepName else {
            throw PlanError("the \(plugin) binding has no custom step '\(step.plugin).\(step.name)'")
        }
        func argument(_ key: String) throws(PlanError) -> String {
            guard let value = step.arguments[key], !value.isEmpty else {
                throw PlanError("the \(Self.stepName) step has no '\(key)' argument")
            }
            return value
        }
        func number<T: FixedWidthInteger>(_ key: String, as type: T.Type) throws(PlanError) -> T {
            let text = try argument(key)
            guard let value = T(text) else { throw PlanError("the \(Self.stepName) step's '\(key)' is not a number: \(text)") }
            return value
        }
        interface = try argument("interface")
        directory = try argument("directory")
        guard directory.hasPrefix(Self.root + "/"), !directory.dropFirst(Self.root.count + 1).contains("/"),
            !directory.hasSuffix("/.."), !directory.hasSuffix("/.")
        else {
            throw PlanError("the \(Self.stepName) step's directory \(directory) is not a folder of \(Self.root)")
        }
        ports = PasstPorts(tcp: try argument("tcpPorts"), udp: try argument("udpPorts"))
        mtu = try number("mtu", as: Int.self)
        user = try number("user", as: UInt32.self)
        group = try number("group", as: UInt32.self)
    }

    /// The folder name of an identity: its 64-bit FNV-1a hash in hex, 16 characters (a socket path must fit in
    /// 108 bytes; the plugin SDK offers no digest, and this one needs only to keep two identities apart).
    static func folderName(_ identity: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in identity.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The custom step that starts this daemon.
    func step(plugin: String) -> CustomStep {
        CustomStep(
            plugin: plugin, name: Self.stepName,
            arguments: [
                "interface": interface, "directory": directory, "tcpPorts": ports.tcp, "udpPorts": ports.udp,
                "mtu": String(mtu), "user": String(user), "group": String(group),
            ])
    }

    /// passt's command line: it binds the forwarded ports and its socket as root, writes its pid file and drops to
    /// `user`:`group` in the background, where it serves QEMUs one after another until it is stopped.
    var arguments: [String] {
        [
            Self.executable, "--quiet", "--interface", interface, "--socket", socketPath, "--pid", pidFile,
            "--tcp-ports", ports.tcp, "--udp-ports", ports.udp, "--mtu", String(mtu), "--runas", "\(user):\(group)",
        ]
    }

    /// Starts passt in the calling thread's network namespace (the pod's, where vmnet applies custom steps) and
    /// returns once it listens; a passt already serving this folder is left alone and refused.
    func start() throws(PlanError) {
        guard access(Self.executable, X_OK) == 0 else {
            throw PlanError("\(Self.executable) is missing: install Debian's passt package (apt-get install passt)")
        }
        if let running = runningProcess() {
            throw PlanError("passt (pid \(running)) already serves \(socketPath): another vmnet up wired this VM; run vmnet down for it first")
        }
        removeFiles()
        try makeDirectory(Self.root, mode: 0o755)
        try makeDirectory(directory, mode: 0o700)
        guard chown(directory, user, group) == 0 else {
            let reason = SystemText.error(errno)
            removeFiles()
            throw PlanError("cannot give \(directory) to \(user):\(group): \(reason)")
        }
        let status: Int32
        do throws(PlanError) {
            status = try ChildProcess.run(arguments, output: logFile)
        } catch {
            removeFiles()
            throw error
        }
        guard status == 0, runningProcess() != nil else {
            let log = (SystemText.contents(of: logFile) ?? "").split(whereSeparator: \.isNewline)
                .filter { !$0.hasPrefix("Failed to send") }.joined(separator: "; ")
            removeFiles()
            var reason = "passt did not start (exit status \(status)) on \(interface)\(log.isEmpty ? "" : ": " + log)"
            if log.contains("Too many open files") {
                reason += "; forwarding \(ports.tcp == "all" ? "every port (the interface lists none)" : "these ports") takes "
                    + "passt a descriptor per port, protocol and address family, more than the hard limit of open files "
                    + "(ulimit -Hn) allows: raise it, or list the ports the guest serves"
            }
            throw PlanError(reason)
        }
    }

    /// Stops the passt serving this folder, if one does, and removes the folder; a second stop finds nothing.
    func stop() throws(PlanError) {
        if let pid = runningProcess() {
            kill(pid, SIGTERM)
            if !ChildProcess.awaitExit(of: pid, seconds: 5) {
                kill(pid, SIGKILL)
                guard ChildProcess.awaitExit(of: pid, seconds: 5) else {
                    throw PlanError("passt (pid \(pid)) serving \(socketPath) does not stop")
                }
            }
        }
        removeFiles()
    }

    /// The pid of the live passt this folder's pid file names: one whose command line carries this socket, so a
    /// reused pid is never signalled.
    func runningProcess() -> pid_t? {
        guard let text = SystemText.contents(of: pidFile), let pid = pid_t(SystemText.firstWord(of: text)), pid > 0,
            ChildProcess.isAlive(pid), let commandLine = SystemText.contents(of: "/proc/\(pid)/cmdline"),
            commandLine.split(separator: "\0").contains(where: { $0 == socketPath })
        else { return nil }
        return pid
    }

    private func removeFiles() {
        for file in [socketPath, pidFile, logFile] { unlink(file) }
        rmdir(directory)
    }

    private func makeDirectory(_ path: String, mode: mode_t) throws(PlanError) {
        guard mkdir(path, mode) == 0 || errno == EEXIST else {
            throw PlanError("cannot make \(path): \(SystemText.error(errno))")
        }
    }
}
