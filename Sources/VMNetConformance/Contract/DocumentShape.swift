import VMNetRuntime
internal import CVMNetPlugin
import VMNetCore

/// What makes an answer well-formed beyond decoding: diagnostics that point into the VM, plans that name the
/// interface and pod interface they were asked about.
enum DocumentShape {
    /// Why a `validate` answer is not a well-formed diagnostics document for `vm`, or `nil`.
    static func validateProblem(_ exchange: Exchange, vm: VirtualMachine) -> String? {
        let label = exchange.label
        switch exchange.first {
        case .crashed(let what):
            return "the plugin \(what) on \(label)"
        case .answered(let status, let response):
            guard let response else { return "\(label) got status \(status) and no response" }
            guard status == VMNET_PLUGIN_OK else {
                let error = JSONValue(parsing: response)?["error"]?.text ?? Exchange.quote(response)
                return "\(label) got status \(status) (\(error)); validate answers {\"diagnostics\": […]} for every VM, "
                    + "with errors for what it rejects"
            }
            let diagnostics: PluginDiagnostics
            do {
                diagnostics = try JSONValue(parsing: response).orThrow().decode(PluginDiagnostics.self)
            } catch {
                return "\(label) answered \(Exchange.quote(response)), which is not {\"diagnostics\": […]}: "
                    + PluginFailure(malformed: "", error).error.dropFirst(2)
            }
            for diagnostic in diagnostics.diagnostics {
                if let problem = problem(of: diagnostic, in: vm) { return "\(label): \(problem)" }
            }
            return nil
        }
    }

    /// Why one of a plugin's diagnostics is unusable, or `nil`.
    static func problem(of diagnostic: Diagnostic, in vm: VirtualMachine) -> String? {
        let rule = diagnostic.rule
        let words = rule.split(separator: "-", omittingEmptySubsequences: false)
        if words.isEmpty || words.contains(where: { $0.isEmpty || !$0.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) } }) {
            return "the rule id '\(rule)' must be lower-case words joined by '-', e.g. 'tap-model'"
        }
        if diagnostic.message.isEmpty { return "the \(rule) diagnostic has no message" }
        if !diagnostic.path.components.starts(with: vm.specPath.components) || diagnostic.path == vm.specPath {
            return "the \(rule) diagnostic's path '\(diagnostic.path)' is not a field under \(vm.specPath) (point at the offending field)"
        }
        if diagnostic.location != nil { return "the \(rule) diagnostic has a location; the core fills locations in" }
        return nil
    }

    /// Why a binding's `plan` answer is not a well-formed plan for `request`, or `nil`.
    static func bindingPlanProblem(_ exchange: Exchange, request: BindingPlanRequest) -> String? {
        guard let document = exchange.result else { return failedPlanProblem(exchange) }
        let plan: BindingPlan
        do {
            // Steps are the step-vocabulary check's business.
            plan = try document.replacing("steps", with: .array([])).decode(BindingPlan.self)
        } catch {
            return "\(exchange.label) answered a document that is not a BindingPlan: "
                + PluginFailure(malformed: "", error).error.dropFirst(2)
        }
        let interface = request.interface.name
        if plan.interface != interface {
            return "\(exchange.label) answered a plan for interface '\(plan.interface)', not '\(interface)'"
        }
        if plan.device.name != interface {
            return "\(exchange.label) answered a device named '\(plan.device.name)', not '\(interface)' (the domain finds the NIC by the interface's name)"
        }
        if let pod = plan.podInterface, pod != request.podInterface?.name {
            return "\(exchange.label) binds pod interface '\(pod)', but was given \(request.podInterface.map { "'\($0.name)'" } ?? "none")"
        }
        if let dhcp = plan.dhcp, dhcp.interface.isEmpty || !(68...65535).contains(dhcp.mtu) {
            return "\(exchange.label) plans a DHCP server on '\(dhcp.interface)' with MTU \(dhcp.mtu) (an interface name and an MTU of 68–65535 are needed)"
        }
        return nil
    }

    /// Why a backend's `plan` answer is not a well-formed plan for `request`, or `nil`.
    static func backendPlanProblem(_ exchange: Exchange, request: BackendPlanRequest) -> String? {
        guard let document = exchange.result else { return failedPlanProblem(exchange) }
        let plan: BackendPlan
        do {
            plan = try document.decode(BackendPlan.self)
        } catch {
            return "\(exchange.label) answered a document that is not a BackendPlan: "
                + PluginFailure(malformed: "", error).error.dropFirst(2)
        }
        let networks = request.networkIndexes.map { request.vm.networks![$0].name }
        if plan.assignments.map(\.network) != networks {
            return "\(exchange.label) assigned networks \(plan.assignments.map(\.network)); it was asked for \(networks), in that order"
        }
        for assignment in plan.assignments where !StepLimits.isLinkName(assignment.podInterface) {
            return "\(exchange.label) names pod interface '\(assignment.podInterface)', which is not a Linux interface name (1–15 characters, no '/', ':' or spaces)"
        }
        let names = plan.assignments.map(\.podInterface)
        if Set(names).count != names.count {
            return "\(exchange.label) gave two networks the same pod interface: \(names)"
        }
        if plan.assignments.filter(\.isPrimary).count > 1 {
            return "\(exchange.label) made more than one network the pod's primary interface"
        }
        if let key = plan.annotations.keys.first(where: \.isEmpty) {
            return "\(exchange.label) answered an annotation with an empty key '\(key)'"
        }
        return nil
    }

    /// Why an answer without a result is not a well-formed refusal, or `nil`: a plan may fail on facts of the
    /// node or pod (`VMNET_PLUGIN_FAILED` with the reason), but a well-formed request is never a bad request.
    private static func failedPlanProblem(_ exchange: Exchange) -> String? {
        switch exchange.first {
        case .crashed(let what):
            return "the plugin \(what) on \(exchange.label)"
        case .answered(let status, let response):
            guard status != VMNET_PLUGIN_OK else {
                return "\(exchange.label) got status 0 with \(response.map(Exchange.quote) ?? "no response"), which is not JSON"
            }
            if let problem = exchange.errorDocumentProblem { return problem }
            guard status == VMNET_PLUGIN_FAILED else {
                let error = response.flatMap { JSONValue(parsing: $0)?["error"]?.text } ?? ""
                return "\(exchange.label) got status \(status) (\(error)) for a well-formed request of a VM the core and the plugin accept; "
                    + "a plan that cannot be made is VMNET_PLUGIN_FAILED (1) with the reason"
            }
            return nil
        }
    }
}

extension Optional where Wrapped == JSONValue {
    /// The document, or an error saying it is not JSON.
    func orThrow() throws -> JSONValue {
        guard let value = self else { throw PluginFailure("the response is not JSON") }
        return value
    }
}
