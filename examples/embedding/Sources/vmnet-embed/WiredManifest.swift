import Foundation
import VMNetCore
import VMNetDHCP
import VMNetManifest
import VMNetRuntime
import VMNetSystem

/// The VMs of one manifest file, wired into a network namespace and served DHCP until `unwire()`.
final class WiredManifest {
    /// The VMs wired, in the file's order.
    let machines: [VMReference]
    /// The namespace they are wired into.
    let namespace: NetworkNamespace
    private let executor: Executor
    private let dhcp: (service: GuestDHCPService, thread: NamespaceThread)?

    /// Decodes and validates `file`, wires its VMs into `namespace` as `vmnet up` does, and serves DHCP to them
    /// as `vmnet up --serve` does. On any failure, what was wired is undone and the error says why.
    init(
        file: String, namespace: NetworkNamespace, drivers: DriverSet, stateDirectory: StateDirectory,
        resolvConf: ResolvConf, log: @escaping @Sendable (String) -> Void
    ) throws(DaemonError) {
        // Decode, then validate with the same drivers the plan and the executor will use.
        let set: ManifestSet
        do {
            var decoded = ManifestSet()
            decoded.append(try ManifestDecoder(drivers: drivers).decode(contentsOf: file))
            set = decoded
        } catch {
            throw .manifest(file: file, error.diagnostic.formatted)
        }
        let report = set.validate(with: Validator(drivers: drivers))
        guard report.isValid else {
            throw .manifest(file: file, report.diagnostics.map(\.formatted).joined(separator: "\n"))
        }
        let vms = report.machines.map(\.vm)
        let executor = Executor(
            namespace: namespace, drivers: drivers, options: Executor.Options(stateDirectory: stateDirectory))

        // Plan and wire each VM; the planner runs inside `up`, against the namespace's live facts.
        let options = Planner.Options()
        let (config, attachments) = (set.config, set.attachments)
        var wired: [VMReference] = []
        var plans: [VMPlan] = []
        do throws(ExecutorError) {
            for vm in vms {
                let digest = ManifestDigest.of(vm, config: config, attachments: attachments, options: options)
                let request = ApplyRequest(vm: VMReference(vm), manifestDigest: digest) { facts throws(PlanError) in
                    try Planner(drivers: drivers).plan(
                        vm, config: config, attachments: attachments, facts: facts, options: options)
                }
                let outcome = try executor.up(request)
                wired.append(outcome.vm)
                log("VM \(outcome.vm): \(outcome.action.rawValue) in \(namespace), \(outcome.stepsMade) steps made")
                if let journal = try stateDirectory.journal(of: outcome.vm, in: namespace) {
                    plans.append(journal.header.plan)
                }
            }
        } catch {
            Self.unwire(wired, with: executor, log: log)
            throw .manifest(file: file, error.description)
        }

        // Serve DHCP on the bridges just made, from a thread inside the namespace.
        let service: GuestDHCPService
        do {
            service = try GuestDHCPService(plans: plans, resolvConf: resolvConf) { event in
                if case .packetDropped = event { return }
                log(event.description)
            }
        } catch {
            Self.unwire(wired, with: executor, log: log)
            throw .manifest(file: file, "cannot serve DHCP in \(namespace): \(error)")
        }
        if service.guests.isEmpty {
            dhcp = nil
        } else {
            do {
                let thread = try NamespaceThread(path: namespace.path)
                do throws(ServingError) {
                    try service.start(in: thread)
                } catch {
                    thread.stop()
                    throw error
                }
                dhcp = (service, thread)
            } catch {
                Self.unwire(wired, with: executor, log: log)
                throw .manifest(file: file, "cannot serve DHCP in \(namespace): \(error)")
            }
            for guest in service.guests {
                log("serving \(guest.ipv4.lease.address) on \(guest.bridge) (VM \(guest.vm), interface \(guest.interface))")
            }
        }
        machines = wired
        self.namespace = namespace
        self.executor = executor
    }

    /// Stops serving DHCP, then undoes exactly what was wired, last VM first.
    func unwire(log: @Sendable (String) -> Void) {
        if let dhcp {
            dhcp.service.stop()
            dhcp.thread.stop()
        }
        Self.unwire(machines, with: executor, log: log)
    }

    private static func unwire(_ vms: [VMReference], with executor: Executor, log: @Sendable (String) -> Void) {
        for vm in vms.reversed() {
            do throws(ExecutorError) {
                let outcome = try executor.down(vm)
                log("VM \(vm): \(outcome.action.rawValue) in \(executor.namespace), \(outcome.stepsUndone) steps undone")
            } catch {
                log("VM \(vm): cannot unwire: \(error.description)")
            }
        }
    }
}
