import VMNetCore
import VMNetRuntime

/// The checks that a binding does what its manifest declares and never plans what it says it cannot do, over
/// the answers to the corpus.
struct BindingCapabilityChecks {
    /// One successful plan with where it came from.
    struct Plan {
        var planning: BindingCorpusRun.Planning
        var document: JSONValue
        var plan: BindingPlan?
    }

    let manifest: BindingManifest
    let run: BindingCorpusRun
    /// The backends the companions provide.
    let availableBackends: Set<String>

    /// The successful plans, decoded where their steps decode.
    private var plans: [Plan] {
        run.plannings.compactMap { planning in
            planning.exchange.result.map { document in
                // Steps outside the vocabulary are plans.step-vocabulary's business: judge the rest.
                let known = (document["steps"]?.elements ?? []).filter { (try? $0.decode(HostStep.self)) != nil }
                let plan = try? document.replacing("steps", with: .array(known)).decode(BindingPlan.self)
                return Plan(planning: planning, document: document, plan: plan)
            }
        }
    }

    private var capabilities: BindingCapabilities { manifest.capabilities }

    /// Every binding capability check but the core's, in the suite's order.
    var results: [CheckResult] {
        let plans = self.plans
        return [backends(plans), dhcp(plans), ports(plans), model(plans), addressFamilies(plans), migration(plans)]
    }

    /// `capabilities.backends`: on each backend it declares (each the companions provide, when it declares any),
    /// the core and the plugin accept some VM of the corpus and the plugin plans it.
    private func backends(_ plans: [Plan]) -> CheckResult {
        let declared = capabilities.backends.map(Set.init) ?? availableBackends
        let checked = declared.intersection(availableBackends).sorted()
        guard !checked.isEmpty else {
            return .skipped(
                .capabilitiesBackends,
                "no companion plugin provides \(declared.sorted().joined(separator: " or ")) (install vmnet's built-in plugins, or name their folder with --plugin-path)")
        }
        var problems: [String] = []
        for backend in checked {
            let onBackend = run.validations.filter { backend == $0.vm.network(named: $0.vm.interfaces![$0.corpusCase.interfaceIndex].name)?.network.source?.backend }
            guard onBackend.contains(where: \.isAccepted) else {
                let error = onBackend.lazy.compactMap { $0.core?.first { $0.severity == .error } }.first
                problems.append(
                    "it declares \(backend) networks, but every VM of the corpus on one was rejected"
                        + (error.map { ": \($0.path): \($0.message) [\($0.rule)]" } ?? ""))
                continue
            }
            if !plans.contains(where: { $0.planning.backend == backend }) {
                problems.append("it declares \(backend) networks, but planned none of the accepted VMs on one")
            }
        }
        return .verdict(.capabilitiesBackends, problems: problems, passed: "it plans on \(checked.joined(separator: ", ")), as declared")
    }

    /// `capabilities.dhcp`: without `servesDHCP`, no plan has a DHCP server.
    private func dhcp(_ plans: [Plan]) -> CheckResult {
        guard !capabilities.servesDHCP else { return .passed(.capabilitiesDHCP, "it declares servesDHCP") }
        return .verdict(
            .capabilitiesDHCP,
            problems: plans.filter { $0.document["dhcp"].map { $0 != .null } ?? false }.map {
                "\($0.planning.exchange.label) plans a DHCP server, but the manifest declares servesDHCP false "
                    + "(declare it, so the core passes bootFileName and tftpServerName on, or plan none)"
            },
            passed: "none of \(plans.count) plans has a DHCP server, as declared")
    }

    /// `capabilities.ports`: without `forwardsPorts`, a VM plans the same with and without ports.
    private func ports(_ plans: [Plan]) -> CheckResult {
        guard !capabilities.forwardsPorts else { return .passed(.capabilitiesPorts, "it declares forwardsPorts") }
        let pairs = pairs(plans, .withPorts)
        return .verdict(
            .capabilitiesPorts,
            problems: pairs.compactMap { plain, withPorts in
                withPorts.document.difference(from: plain.document).map {
                    "\(withPorts.planning.exchange.label) differs from the same VM without ports (\($0)), but the manifest declares forwardsPorts false"
                }
            },
            passed: "\(pairs.count) VMs plan the same with and without ports, as declared")
    }

    /// `capabilities.model`: without `usesModel`, a VM plans the same whatever its NIC model.
    private func model(_ plans: [Plan]) -> CheckResult {
        guard !capabilities.usesModel else { return .passed(.capabilitiesModel, "it declares usesModel") }
        let pairs = pairs(plans, .withModel)
        return .verdict(
            .capabilitiesModel,
            problems: pairs.compactMap { plain, withModel in
                withModel.document.difference(from: plain.document).map {
                    "\(withModel.planning.exchange.label) differs from the same VM without a model (\($0)), but the manifest declares usesModel false"
                }
            },
            passed: "\(pairs.count) VMs plan the same with and without a model, as declared")
    }

    /// `capabilities.address-families`: a plan gives the guest addresses only of the declared families: no
    /// address added, NAT rule or DHCP lease of another.
    private func addressFamilies(_ plans: [Plan]) -> CheckResult {
        let declared = Set(capabilities.addressFamilies.map(\.rawValue))
        var problems: [String] = []
        for entry in plans {
            guard let plan = entry.plan else { continue }
            var used: [String: String] = [:]
            for step in plan.steps {
                switch step {
                case .addAddress(let link, let address): used[address.family.rawValue] = "adds \(address) to \(link)"
                case .addNATRules(_, let rules):
                    for rule in rules { used[rule.family.rawValue] = "adds \(rule.family.rawValue) NAT rules" }
                default: break
                }
            }
            if let dhcp = plan.dhcp {
                used[dhcp.clientAddress.family.rawValue] = "leases \(dhcp.clientAddress) by DHCP"
                if let v6 = dhcp.ipv6ClientAddress { used["ipv6"] = "leases \(v6) by DHCPv6" }
            }
            for (family, what) in used.sorted(by: { $0.key < $1.key }) where !declared.contains(family) {
                problems.append(
                    "\(entry.planning.exchange.label) \(what), but the manifest's addressFamilies are [\(declared.sorted().joined(separator: ", "))]")
            }
        }
        return .verdict(
            .capabilitiesAddressFamilies, problems: problems,
            passed: declared.isEmpty
                ? "\(plans.count) plans give the guest no addresses, as declared (the device brings its own)"
                : "\(plans.count) plans give the guest only \(declared.sorted().joined(separator: " and ")) addresses, as declared")
    }

    /// `capabilities.migration`: a plan blocks live migration only on a backend the manifest lists in
    /// `migrationBlockedOn`.
    private func migration(_ plans: [Plan]) -> CheckResult {
        let problems = plans.compactMap { entry -> String? in
            guard let blocker = entry.plan?.migrationBlocker else { return nil }
            let backend = entry.planning.backend
            if let blocked = capabilities.migrationBlockedOn, blocked.isEmpty || blocked.contains(backend) { return nil }
            return "\(entry.planning.exchange.label) blocks live migration (\(blocker)) on a \(backend) network, "
                + "but the manifest's migrationBlockedOn does not list \(backend) (declare it, so vmnet can say so before the VM starts)"
        }
        return .verdict(.capabilitiesMigration, problems: problems, passed: "\(plans.count) plans block migration only where declared")
    }

    /// The plans of the `plain` variant paired with those of `variant` for the same interface, pod interface and pod.
    private func pairs(_ plans: [Plan], _ variant: CorpusCase.Variant) -> [(Plan, Plan)] {
        func key(_ entry: Plan) -> String {
            let planning = entry.planning
            return "\(planning.corpusCase.example)|\(planning.corpusCase.interfaceIndex)|\(planning.request.podInterface?.name ?? "")|\(planning.withIPv6)"
        }
        let plain = Dictionary(plans.filter { $0.planning.corpusCase.variant == .plain }.map { (key($0), $0) }) { first, _ in first }
        return plans.filter { $0.planning.corpusCase.variant == variant }.compactMap { entry in plain[key(entry)].map { ($0, entry) } }
    }
}
