import VMNetCore

/// A request whose indexes must point into its VM. vmnet never sends one that does not, so such a request is a
/// bug or a forgery; it gets an error document instead of reaching a driver that indexes with it (and traps).
protocol IndexedRequest {
    /// What is inconsistent, or `nil`.
    var inconsistency: String? { get }
}

extension BindingValidationRequest: IndexedRequest {
    var inconsistency: String? { interfaceInconsistency(interfaceIndex, vm) }
}

extension BindingPlanRequest: IndexedRequest {
    var inconsistency: String? { interfaceInconsistency(interfaceIndex, vm) }
}

extension BackendValidationRequest: IndexedRequest {
    var inconsistency: String? { networkInconsistency(networkIndexes, vm) }
}

extension BackendPlanRequest: IndexedRequest {
    var inconsistency: String? { networkInconsistency(networkIndexes, vm) }
}

private func interfaceInconsistency(_ index: Int, _ vm: VirtualMachine) -> String? {
    let count = vm.interfaces?.count ?? 0
    return (0..<count).contains(index) ? nil : "interfaceIndex \(index) is not an index of the VM's \(count) interfaces"
}

private func networkInconsistency(_ indexes: [Int], _ vm: VirtualMachine) -> String? {
    let count = vm.networks?.count ?? 0
    guard let bad = indexes.first(where: { !(0..<count).contains($0) }) else { return nil }
    return "networkIndexes holds \(bad), which is not an index of the VM's \(count) networks"
}
