import VMNetCore
import VMNetEngine
import VMNetManifest
import VMNetRuntime

/// vmnet's pipeline as one value: manifests are read and validated, each VM planned against its pod's facts (its
/// SR-IOV virtual functions allocated), digested, and wired by the executor, which journals every step; `down`
/// undoes exactly the journal. `vmnet up`, `vmnet down`, `vmnet-cni` and embedding daemons all call this.
///
/// One `Wiring` holds the one `DriverSet` every stage uses, so decoding, validation, planning and the executor's
/// custom steps can never disagree about the plugins.
public struct Wiring: Sendable {
    /// The host's choices: how pod interfaces and taps are made, where journals go, and how `up` treats a VM
    /// already wired.
    public struct Options: Sendable {
        /// How secondary pod interfaces are named.
        public var naming: InterfaceNaming
        /// The user that must own the taps (QEMU's).
        public var tapOwner: UInt32
        /// The group that must own the taps.
        public var tapGroup: UInt32
        /// The node's CNI config folder; `nil` off the node.
        public var cniConfigDirectory: String?
        /// Pod interface names the caller knows for networks, by network name (a CNI request names its interface).
        public var podInterfaces: [String: String]
        /// Where the journals are.
        public var stateDirectory: StateDirectory
        /// Whether `up` may undo a VM wired from different manifests and wire it anew.
        public var replace: Bool
        /// Which backend makes NAT rules; nil for the ConfigMap's `natBackend`, or `auto` when it names none.
        public var natBackend: NATBackendChoice?
        /// Test hooks of the executor.
        public var faults: FaultInjection
        /// The host whose namespaces are read and wired: the kernel's, unless a test gives an in-memory one.
        public var host: any NetworkHost

        /// Creates options; by default those of `vmnet up` without flags.
        public init(
            naming: InterfaceNaming = .ordinal, tapOwner: UInt32 = 0, tapGroup: UInt32 = 0,
            cniConfigDirectory: String? = BackendPlanRequest.defaultCNIConfigDirectory,
            podInterfaces: [String: String] = [:], stateDirectory: StateDirectory = StateDirectory(),
            replace: Bool = false, natBackend: NATBackendChoice? = nil, faults: FaultInjection = .none,
            host: any NetworkHost = KernelHost()
        ) {
            self.natBackend = natBackend
            self.naming = naming
            self.tapOwner = tapOwner
            self.tapGroup = tapGroup
            self.cniConfigDirectory = cniConfigDirectory
            self.podInterfaces = podInterfaces
            self.stateDirectory = stateDirectory
            self.replace = replace
            self.faults = faults
            self.host = host
        }
    }

    /// How often `up` plans again when another `up` changed the namespace between its plan and its steps.
    static let planningAttempts = 3

    private let lazyDrivers: LazyDriverSet
    /// What the pod's CNI and device plugin gave it.
    public let pod: PodContext
    /// The host's choices.
    public let options: Options

    /// A pipeline over `drivers`, made on first use (a `down` of journals without custom steps loads none).
    public init(
        drivers: @autoclosure @escaping @Sendable () -> DriverSet, pod: PodContext = PodContext(),
        options: Options = Options()
    ) {
        lazyDrivers = LazyDriverSet(drivers)
        self.pod = pod
        self.options = options
    }

    /// The drivers every stage uses.
    public var drivers: DriverSet { lazyDrivers.drivers }

    /// The planner's options: these options with the pod's network status.
    public var plannerOptions: Planner.Options {
        Planner.Options(
            naming: options.naming, tapOwner: options.tapOwner, tapGroup: options.tapGroup,
            cniConfigDirectory: options.cniConfigDirectory, podAnnotations: pod.annotations,
            podInterfaces: options.podInterfaces)
    }

    /// Reads and validates `files`.
    public func read(files: [String]) throws(WiringError) -> Manifests {
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
        return try validate(set, unreadable: unreadable)
    }

    /// Validates manifests already decoded; `unreadable` are the diagnostics of files that could not be decoded.
    public func validate(_ set: ManifestSet, unreadable: [Diagnostic] = []) throws(WiringError) -> Manifests {
        let report = set.validate(with: Validator(drivers: drivers))
        if !unreadable.isEmpty { throw .unreadable(unreadable + report.diagnostics) }
        if !report.isValid { throw .invalid(report.diagnostics) }
        return Manifests(set: set, machines: report.machines.map(\.vm), warnings: report.diagnostics)
    }

    /// Plans `vm`, one of `manifests`' valid VMs, against `facts`; changes nothing.
    public func plan(_ vm: VirtualMachine, of manifests: Manifests, facts: PodFacts) throws(WiringError) -> VMPlan {
        do throws(PlanError) {
            return try Planner(drivers: drivers).plan(
                vm, config: manifests.config, attachments: manifests.attachments, facts: facts, options: plannerOptions)
        } catch {
            throw .planFailed(vm: vm.name, error.message)
        }
    }

    /// The host devices `vm`'s bindings ask for, each with the attachment its backend names.
    public func hostDeviceClaims(_ vm: VirtualMachine, of manifests: Manifests) throws(WiringError) -> [HostDeviceClaim] {
        do throws(PlanError) {
            return try Planner(drivers: drivers).hostDeviceClaims(
                vm, config: manifests.config, attachments: manifests.attachments, options: plannerOptions)
        } catch {
            throw .planFailed(vm: vm.name, error.message)
        }
    }

    /// Wires `vm`, one of `manifests`' valid VMs, into `namespace`: allocates its virtual functions, plans it from
    /// the namespace's facts (the journaled ones when it is wired already) and has the executor make the plan. The
    /// journal is filed under `reference`, the VM's own by default (a CNI attachment wires one interface of a VM
    /// and files it under its own name).
    public func up(
        _ vm: VirtualMachine, of manifests: Manifests, in namespace: NetworkNamespace, filedAs reference: VMReference? = nil
    ) throws(WiringError) -> WiredVM {
        do throws(ExecutorError) {
            try options.host.requireWiringCapabilities(for: "vmnet up")
        } catch {
            throw .executor(error)
        }
        let reference = reference ?? VMReference(vm)
        let devices = try pod.virtualFunctions(
            for: try hostDeviceClaims(vm, of: manifests), of: vm, from: pod.wiringSource)
        let digest = PodContext.digest(
            ManifestDigest.of(vm, config: manifests.config, attachments: manifests.attachments, options: plannerOptions),
            devices: devices)
        let executor = executor(for: namespace, natBackend: try natBackend(of: manifests))
        let reader = PodFactsReader(stateDirectory: options.stateDirectory, host: options.host)
        var attempt = 1
        while true {
            var facts: PodFacts
            do throws(ExecutorError) {
                facts = try reader.facts(of: reference, in: namespace)
            } catch {
                throw .executor(error)
            }
            facts.hostDevices.merge(devices) { _, allocated in allocated }
            let plan = try self.plan(vm, of: manifests, facts: facts)
            do throws(ExecutorError) {
                let outcome = try executor.up(ApplyRequest(vm: reference, manifestDigest: digest, facts: facts, plan: plan))
                // Unchanged: the journal's plan is the one in force (the same, unless a plugin changed since).
                let inForce = outcome.action == .unchanged
                    ? try options.stateDirectory.journal(of: reference, in: namespace)?.header.plan : nil
                return WiredVM(outcome: outcome, plan: inForce ?? plan)
            } catch .factsChanged where attempt < Self.planningAttempts {
                attempt += 1
            } catch {
                throw .executor(error)
            }
        }
    }

    /// Unwires `vm` from `namespace`: undoes its journal, last step first. Nothing to undo is fine.
    public func down(_ vm: VMReference, in namespace: NetworkNamespace) throws(WiringError) -> TeardownOutcome {
        do throws(ExecutorError) {
            return try executor(for: namespace).down(vm)
        } catch {
            throw .executor(error)
        }
    }

    /// The VMs `files` name, for `down`: the files are decoded, not validated, so a VM whose manifest
    /// has since become invalid can still be unwired.
    public func references(files: [String]) throws(WiringError) -> [VMReference] {
        let decoder = ManifestDecoder(drivers: drivers)
        var references: [VMReference] = []
        for file in files {
            do {
                references += try decoder.decode(contentsOf: file).machines.map { VMReference($0.vm) }
            } catch {
                throw .unreadable([error.diagnostic])
            }
        }
        return references
    }

    /// What differs in `namespace` from what `up` made for `vm`, one sentence each; empty when it is as wired.
    public func check(_ vm: VMReference, in namespace: NetworkNamespace) throws(WiringError) -> [String] {
        do throws(ExecutorError) {
            return try executor(for: namespace).check(vm)
        } catch {
            throw .executor(error)
        }
    }

    /// Unwires every VM journaled in `namespace`.
    public func downAll(in namespace: NetworkNamespace) throws(WiringError) -> [TeardownOutcome] {
        do throws(ExecutorError) {
            return try executor(for: namespace).downAll()
        } catch {
            throw .executor(error)
        }
    }

    /// The NAT backend `up` uses for `manifests`: the host's choice, else the ConfigMap's, else `auto`.
    public func natBackend(of manifests: Manifests) throws(WiringError) -> NATBackendChoice {
        if let choice = options.natBackend { return choice }
        guard let value = manifests.config.natBackend else { return .auto }
        guard let choice = NATBackendChoice(rawValue: value) else { throw .invalidNATBackend(value) }
        return choice
    }

    private func executor(for namespace: NetworkNamespace, natBackend: NATBackendChoice = .auto) -> Executor {
        Executor(
            namespace: namespace, drivers: lazyDrivers,
            options: Executor.Options(
                stateDirectory: options.stateDirectory, replace: options.replace, natBackend: natBackend,
                faults: options.faults, host: options.host))
    }
}
