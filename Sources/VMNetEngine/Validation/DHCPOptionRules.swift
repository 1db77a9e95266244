import VMNetCore

/// KubeVirt's rules on an interface's `dhcpOptions`: NTP servers are IPv4 addresses, private options are codes
/// 224–254 given once each. They hold whatever the binding (KubeVirt checks them on every interface).
struct DHCPOptionRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        context.interfaces.flatMap { _, interface, path -> [Diagnostic] in
            guard let options = interface.dhcpOptions else { return [] }
            return check(options, at: path.appending("dhcpOptions"))
        }
    }

    private func check(_ options: DHCPOptions, at path: FieldPath) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, server) in (options.ntpServers ?? []).enumerated() where DHCPOptions.ntpAddress(server) == nil {
            diagnostics.append(
                CoreRule.ntpServerInvalid.error(
                    at: path.appending("ntpServers").appending(index),
                    "NTP servers must be a list of valid IPv4 addresses. ('\(server)' is not one)"))
        }
        var seen: [Int: Int] = [:]
        let privatePath = path.appending("privateOptions")
        for (index, option) in (options.privateOptions ?? []).enumerated() {
            let optionPath = privatePath.appending(index).appending("option")
            if !DHCPPrivateOption.codes.contains(option.option) {
                diagnostics.append(
                    CoreRule.dhcpPrivateOptionOutOfRange.error(
                        at: optionPath,
                        "provided DHCPPrivateOptions are out of range, must be in range 224 to 254 (got \(option.option))"))
            }
            if let first = seen[option.option] {
                diagnostics.append(
                    CoreRule.dhcpPrivateOptionDuplicate.error(
                        at: optionPath,
                        "Found Duplicates: you have provided duplicate DHCPPrivateOptions (option \(option.option) is "
                            + "also \(privatePath.appending(first)))"))
            } else {
                seen[option.option] = index
            }
        }
        return diagnostics
    }
}
