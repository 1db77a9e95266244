import VMNetCore

/// The verdicts on the answers to the corpus: well-formed, the same every time, and quiet.
enum ContractChecks {
    /// `contract.validate`: every validate request got a diagnostics document that points into its VM.
    static func validate(_ answers: [(exchange: Exchange, vm: VirtualMachine)]) -> CheckResult {
        let problems = answers.compactMap { DocumentShape.validateProblem($0.exchange, vm: $0.vm) }
        let count = answers.count
        return .verdict(
            .contractValidate, problems: problems,
            passed: "\(count) validate request\(count == 1 ? "" : "s") of the corpus got diagnostics documents")
    }

    /// `contract.plan`: every plan request of an accepted case got a well-formed plan, or a well-formed refusal
    /// (a plan may depend on the node), and at least one got a plan. `problems` are the per-request verdicts;
    /// `unplannable` the accepted cases that could not be sent.
    static func plan(requests: [Exchange], problems: [String], accepted: Int, unplannable: [String]) -> CheckResult {
        if accepted == 0 {
            return .failed(
                .contractPlan,
                "the core and the plugin accepted no VM of the corpus, so nothing could be planned (see contract.validate and capabilities.enforced-by-core)")
        }
        if requests.isEmpty {
            return .failed(
                .contractPlan,
                "no accepted VM of the corpus could be planned: \(unplannable.first ?? "no backend answered") "
                    + "(install vmnet's built-in plugins, or name their folder with --plugin-path)")
        }
        let planned = requests.filter { $0.result != nil }.count
        if problems.isEmpty, planned == 0 {
            return .failed(
                .contractPlan,
                "all \(requests.count) plan requests for VMs the core and the plugin accept failed; the first: "
                    + (requests.first?.first.document?["error"]?.text ?? "no reason"))
        }
        return .verdict(
            .contractPlan, problems: problems,
            passed: "\(requests.count) plan requests for \(accepted) accepted VMs got \(planned) well-formed plans"
                + (planned < requests.count ? " and \(requests.count - planned) well-formed refusals" : ""))
    }

    /// `contract.deterministic`: every request sent twice got the same answer twice.
    static func deterministic(_ exchanges: [Exchange]) -> CheckResult {
        .verdict(
            .contractDeterministic, problems: exchanges.compactMap(\.differenceProblem),
            passed: "\(exchanges.count) requests sent twice got the same answer twice")
    }

    /// `contract.quiet`: no call wrote on standard output or standard error.
    static func quiet(_ records: [PluginProbe.Record]) -> CheckResult {
        .verdict(
            .contractQuiet,
            problems: records.compactMap { record in
                record.output.map { "\(record.label) wrote \($0) (vmnet's own output goes there; return messages in documents)" }
            },
            passed: "\(records.count) calls wrote nothing on standard output or standard error")
    }
}
