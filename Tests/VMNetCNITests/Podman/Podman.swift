import Foundation
import Glibc
import VMNetTestKit

/// Debian's podman 4.3.1 with its CNI backend, run on a test node namespace with all of its state in a scratch
/// folder: `podman` runs inside a mount namespace of its own (held by a `sleep`), entered with `nsenter`, where the
/// host's cgroup hierarchies are mounted again and `/var/lib`, `/dev/shm` and `/run` are fresh tmpfs. So libcni's
/// cache (`/var/lib/cni`), podman's `/dev/shm/libpod_lock`, crun's `/run/crun` and the container netns files
/// (`/run/netns/netns-…`) vanish with that namespace; the host never sees them.
struct Podman {
    static let path = "/usr/bin/podman"

    /// Whether podman, crun, conmon and a static busybox (the container's rootfs) are installed.
    static let installed = [path, "/usr/bin/crun", "/usr/bin/conmon", "/bin/busybox"].allSatisfy {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The scratch folder holding podman's store, the network folder, the rootfs and the holder's script.
    let folder: TestFolder
    /// The node namespace podman runs in: the container's veth peer and the bridge end up here.
    let node: TestNamespace
    /// The process holding podman's mount namespace (inside `node`).
    let holder: Process

    /// podman's network folder (`network_config_dir`).
    var networkFolder: String { "\(folder.path)/net.d" }

    /// Runs `body` with podman set up in `folder` on `node`, searching `pluginFolders` then Debian's CNI plugins,
    /// and ends the holder afterwards (which takes podman's mount namespace and its tmpfs with it).
    static func with<T>(
        folder: TestFolder, node: TestNamespace, pluginFolders: [String], defaultNetwork: String,
        _ body: (Podman) throws -> T
    ) throws -> T {
        let path = folder.path
        try makeRootfs(in: "\(path)/rootfs")
        let dirs = (pluginFolders + [CNIRuntime.pluginFolder]).map { "\"\($0)\"" }.joined(separator: ", ")
        try folder.write(
            """
            [containers]
            netns = "bridge"
            [network]
            network_backend = "cni"
            cni_plugin_dirs = [\(dirs)]
            network_config_dir = "\(path)/net.d"
            default_network = "\(defaultNetwork)"
            [engine]
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            events_logfile_path = "\(path)/events.log"
            runtime = "crun"
            tmp_dir = "\(path)/ptmp"
            volume_path = "\(path)/pvol"
            static_dir = "\(path)/pstore/libpod"

            """, to: "containers.conf")
        try FileManager.default.createDirectory(atPath: "\(path)/net.d", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(path)/home", withIntermediateDirectories: true)
        // `ip netns exec` gives its command a private mount namespace with /sys mounted again for the netns, which
        // drops the cgroup mounts crun needs: they come back here (v1 hierarchies as on the host, or cgroup2).
        // Do not add cgroup2 beside v1: crun refuses a hybrid layout ("cgroups in hybrid mode not supported").
        let script = try folder.writeExecutable(
            """
            #!/bin/sh
            set -e
            mount -t tmpfs -o mode=755 cgroup_root /sys/fs/cgroup
            if [ "$1" = v2 ]; then
              mount -t cgroup2 cgroup2 /sys/fs/cgroup
            else
              for c in cpu cpuacct cpuset memory devices freezer blkio pids; do
                mkdir -p /sys/fs/cgroup/$c; mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c
              done
              mkdir -p /sys/fs/cgroup/systemd; mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
            fi
            mount -t tmpfs -o mode=755 scratch-var-lib /var/lib
            mount -t tmpfs -o mode=1777 scratch-shm /dev/shm
            mount -t tmpfs -o mode=755 scratch-run /run
            touch "$2"
            exec sleep 86400

            """, to: "holder.sh")
        // A unified host has cgroup2 itself at /sys/fs/cgroup, with cgroup.controllers at its root.
        let cgroups = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers") ? "v2" : "v1"
        let ready = "\(path)/holder.ready"
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        holder.arguments = ["netns", "exec", node.name, script, cgroups, ready]
        let log = FileHandle(forWritingAtPath: try folder.write("", to: "holder.log"))
        holder.standardOutput = log
        holder.standardError = log
        holder.standardInput = FileHandle.nullDevice
        try holder.run()
        defer {
            holder.terminate()
            holder.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: ready), holder.isRunning, Date() < deadline { usleep(20_000) }
        guard FileManager.default.fileExists(atPath: ready) else {
            throw TestFailure("podman's mount namespace: \((try? String(contentsOfFile: "\(path)/holder.log", encoding: .utf8)) ?? "")")
        }
        return try body(Podman(folder: folder, node: node, holder: holder))
    }

    /// A busybox rootfs for `--rootfs`: the static busybox with the applets the tests use.
    static func makeRootfs(in rootfs: String) throws {
        let manager = FileManager.default
        for folder in ["bin", "www", "proc", "sys", "dev", "etc", "tmp"] {
            try manager.createDirectory(atPath: "\(rootfs)/\(folder)", withIntermediateDirectories: true)
        }
        try manager.copyItem(atPath: "/bin/busybox", toPath: "\(rootfs)/bin/busybox")
        for applet in ["sh", "sleep", "httpd", "ip", "cat"] {
            try manager.createSymbolicLink(atPath: "\(rootfs)/bin/\(applet)", withDestinationPath: "busybox")
        }
        try "hello from podman\n".write(toFile: "\(rootfs)/www/index.html", atomically: true, encoding: .utf8)
    }

    /// Runs `command` in podman's namespaces (mount and network), with podman's configuration in its environment.
    /// It is spawned and waited for with `posix_spawn` and `waitpid`, its output going to files: conmon inherits
    /// podman's descriptors and keeps them open while the container runs, so neither a pipe's end nor Foundation's
    /// `Process` (which sees its child end through an inherited socket) would come back after `podman run -d`.
    func enter(_ command: [String]) throws -> CommandResult {
        let environment: [String: String?] = [
            "CONTAINERS_CONF": "\(folder.path)/containers.conf", "HOME": "\(folder.path)/home",
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        return try Command(
            "/usr/bin/nsenter", ["-t", "\(holder.processIdentifier)", "-m", "-n"] + command, environment: environment,
            inheritsEnvironment: false
        ).run()
    }

    /// Runs `podman ARGS` with its store in the scratch folder and its run root in the namespace's tmpfs `/run`
    /// (podman refuses a run root longer than 50 characters, which a test folder's path is).
    @discardableResult
    func podman(_ arguments: [String]) throws -> CommandResult {
        try enter([
            Self.path, "--root", "\(folder.path)/pstore", "--runroot", "/run/vmnet-podman", "--storage-driver", "vfs",
            "--network-backend", "cni", "--cgroup-manager", "cgroupfs",
        ] + arguments)
    }

    /// `podman run -d` of `command` from the busybox rootfs on `network`, without cgroups and with limits below
    /// this sandbox's hard ones (podman asks for nofile 1048576 by default, which crun may not set here).
    func runDetached(name: String, network: String, _ command: [String]) throws -> CommandResult {
        try podman([
            "run", "-d", "--name", name, "--cgroups=disabled", "--ulimit", "nofile=4096:4096", "--ulimit",
            "nproc=4096:4096", "--network", network, "--rootfs", "\(folder.path)/rootfs",
        ] + command)
    }

    /// `podman inspect --format FORMAT NAME`, trimmed.
    func inspect(_ name: String, _ format: String) throws -> String {
        let result = try podman(["inspect", "--format", format, name])
        guard result.status == 0 else { throw TestFailure("podman inspect \(name): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The files in `folder` of podman's mount namespace (e.g. libcni's `/var/lib/cni/results`), or nil if absent.
    func files(in folder: String) throws -> [String]? {
        let result = try enter(["/bin/ls", "-A", folder])
        return result.status == 0 ? result.stdout.split(separator: "\n").map(String.init) : nil
    }
}
