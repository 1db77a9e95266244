import VMNetCore
/// Rules on `bootOrder`: at least 1 and unique among the VM's interfaces (disks are outside vmnet's view).
struct BootOrderRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var used: [Int: FieldPath] = [:]
        for (_, interface, path) in context.interfaces {
            guard let order = interface.bootOrder else { continue }
            let orderPath = path.appending("bootOrder")
            if order < 1 {
                diagnostics.append(
                    CoreRule.bootOrderInvalid.error(
                        at: orderPath, "\(path) must have a boot order > 0, if supplied (got \(order))"))
            } else if let first = used[order] {
                diagnostics.append(
                    CoreRule.bootOrderDuplicate.error(
                        at: orderPath,
                        "Boot order for \(orderPath) already set for a different device (\(first) is \(order))."))
            } else {
                used[order] = orderPath
            }
        }
        return diagnostics
    }
}
