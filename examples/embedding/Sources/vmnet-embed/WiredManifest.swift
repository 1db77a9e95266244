import Foundation
import VMNetCore
import VMNetEngine
import VMNetDHCP
import VMNetRuntime
import VMNetWiring

/// The VMs of one manifest file, wired into a network namespace and served DHCP until `unwire()`.
final class WiredManifest {
    /// The VMs wired, in the file's order.
    let machines: [VMReference]
    /// The namespace they are wired into.
    let namespace: NetworkNamespace
    private let wiring: Wiring
    private let dhcp: ServedDHCP

    /// Decodes and validates `file`, wires its VMs into `namespace` as `vmnet up` does, and serves DHCP to them
    /// as `vmnet up --serve` does. On any failure, what was wired is undone and the error says why.
    init(
        file: String, namespace: NetworkNamespace, drivers: DriverSet, stateDirectory: StateDirectory,
        resolvConf: ResolvConf, log: @escaping @Sendable (String) -> Void
    ) throws(DaemonError) {
        // One pipeline: the same drivers decode, validate, plan and undo; SR-IOV functions come from the device
        // plugin's variables, as in a pod.
        let wiring = Wiring(drivers: drivers, options: Wiring.Options(stateDirectory: stateDirectory))
        var wired: [WiredVM] = []
        do throws(WiringError) {
            let manifests = try wiring.read(files: [file])
            for vm in manifests.machines {
                wired.append(try wiring.up(vm, of: manifests, in: namespace))
                let outcome = wired.last!.outcome
                log("VM \(outcome.vm): \(outcome.action.rawValue) in \(namespace), \(outcome.stepsMade) steps made")
            }
        } catch {
            Self.unwire(wired.map(\.outcome.vm), with: wiring, in: namespace, log: log)
            throw .manifest(file: file, error.description)
        }

        // Serve DHCP on the bridges just made, from a thread inside the namespace.
        do {
            dhcp = try ServedDHCP(plans: wired.map(\.plan), in: namespace, resolvConf: resolvConf) { event in
                if case .packetDropped = event { return }
                log(event.description)
            }
        } catch {
            Self.unwire(wired.map(\.outcome.vm), with: wiring, in: namespace, log: log)
            throw .manifest(file: file, error.description)
        }
        for guest in dhcp.guests {
            log("serving \(guest.ipv4.lease.address) on \(guest.bridge) (VM \(guest.vm), interface \(guest.interface))")
        }
        machines = wired.map(\.outcome.vm)
        self.namespace = namespace
        self.wiring = wiring
    }

    /// Stops serving DHCP, then undoes exactly what was wired, last VM first.
    func unwire(log: @Sendable (String) -> Void) {
        dhcp.stop()
        Self.unwire(machines, with: wiring, in: namespace, log: log)
    }

    private static func unwire(
        _ vms: [VMReference], with wiring: Wiring, in namespace: NetworkNamespace, log: @Sendable (String) -> Void
    ) {
        for vm in vms.reversed() {
            do throws(WiringError) {
                let outcome = try wiring.down(vm, in: namespace)
                log("VM \(vm): \(outcome.action.rawValue) in \(namespace), \(outcome.stepsUndone) steps undone")
            } catch {
                log("VM \(vm): cannot unwire: \(error.description)")
            }
        }
    }
}
