import VMNetCore
import VMNetEngine

/// Decodes one entry of `spec.domain.devices.interfaces`.
struct InterfaceDecoder {
    static let fields = [
        "name", "model", "macAddress", "ports", "portRanges", "pciAddress", "bootOrder", "bootFileName",
        "tftpServerName", "dhcpOptions", "state", "acpiIndex", "tag", "binding", BindingMethod.passtBindingKey,
    ]

    let drivers: DriverSet

    func decode(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> Interface? {
        guard let entries = context.mapping(node, at: path) else { return nil }
        var interface = Interface(name: "", bindings: [])
        var hasName = false
        var direct = DHCPOptions()
        var nested = DHCPOptions()
        let known = Self.fields + drivers.bindingNames
        for entry in entries {
            let key = entry.key.scalarText ?? ""
            let keyPath = path.appending(key)
            context.record(keyPath, entry.value, keyLocation: entry.key.location)
            switch key {
            case "name":
                interface.name = context.string(entry.value, at: keyPath) ?? ""
                hasName = true
            case "model": interface.model = context.string(entry.value, at: keyPath)
            case "macAddress": interface.macAddress = context.string(entry.value, at: keyPath)
            case "pciAddress": interface.pciAddress = context.string(entry.value, at: keyPath)
            case "bootOrder": interface.bootOrder = context.integer(entry.value, at: keyPath)
            case "ports": interface.ports = decodePorts(entry.value, at: keyPath, &context)
            case "portRanges": interface.portRanges = decodePortRanges(entry.value, at: keyPath, &context)
            case "state": interface.state = context.string(entry.value, at: keyPath)
            case "acpiIndex": interface.acpiIndex = context.integer(entry.value, at: keyPath)
            case "tag": interface.tag = context.string(entry.value, at: keyPath)
            case "binding":
                if let method = decodePluginReference(entry.value, at: keyPath, &context) { interface.bindings.append(method) }
            case BindingMethod.passtBindingKey:
                // KubeVirt's passtBinding takes no options; the driver named passt serves it.
                _ = context.options(entry.value, at: keyPath, specs: [])
                interface.bindings.append(BindingMethod(name: BindingMethod.passtDriverName, spelling: .passtBinding))
            case "bootFileName", "tftpServerName":
                let canonical = path.appending("dhcpOptions").appending(key)
                if !context.sourceMap.contains(canonical) { context.record(canonical, entry.value) }
                let value = context.string(entry.value, at: keyPath)
                if key == "bootFileName" { direct.bootFileName = value } else { direct.tftpServerName = value }
            case "dhcpOptions":
                nested = decodeDHCPOptions(entry.value, at: keyPath, &context)
            default:
                if let binding = drivers.bindings[key] {
                    let options = context.options(entry.value, at: keyPath, specs: binding.manifest.options)
                    interface.bindings.append(BindingMethod(name: key, options: options))
                } else if BindingReference.mayName(entry.value), NearestMatch.find(key, in: known) == nil {
                    let options = context.options(entry.value, at: keyPath, specs: nil)
                    interface.bindings.append(BindingMethod(name: key, options: options))
                } else {
                    context.unknownField(key, at: keyPath, known: known)
                }
            }
        }
        guard hasName else {
            context.report(CoreRule.nameRequired.error(at: path.appending("name"), "an interface needs a name"))
            return nil
        }
        interface.dhcpOptions = merge(direct, nested, at: path, &context)
        return interface
    }

    /// `binding: {name: NAME}`, KubeVirt's reference to a network binding plugin.
    private func decodePluginReference(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> BindingMethod? {
        guard let entries = context.mapping(node, at: path) else { return nil }
        var name: String?
        for entry in entries {
            let key = entry.key.scalarText ?? ""
            let keyPath = path.appending(key)
            context.record(keyPath, entry.value, keyLocation: entry.key.location)
            if key == "name" { name = context.string(entry.value, at: keyPath) } else {
                context.unknownField(key, at: keyPath, known: ["name"])
            }
        }
        guard let name, !name.isEmpty else {
            context.report(
                CoreRule.nameRequired.error(
                    at: path.appending("name"), "binding needs the name of a network binding plugin: binding: {name: NAME}"))
            return nil
        }
        return BindingMethod(name: name, spelling: .plugin)
    }

    private func decodePortRanges(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> [PortRange]? {
        context.objects(node, at: path, known: ["protocol", "start", "end"], from: PortRange()) { range, key, value, at, context in
            switch key {
            case "protocol": range.protocol = context.string(value, at: at)
            case "start": range.start = context.integer(value, at: at)
            default: range.end = context.integer(value, at: at)
            }
        }
    }

    private func decodePorts(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> [Port]? {
        context.objects(node, at: path, known: ["name", "port", "protocol"], from: Port(port: nil)) { port, key, value, at, context in
            switch key {
            case "name": port.name = context.string(value, at: at)
            case "port": port.port = context.integer(value, at: at)
            default: port.protocol = context.string(value, at: at)
            }
        }
    }

    private func decodeDHCPOptions(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> DHCPOptions {
        var options = DHCPOptions()
        for entry in context.mapping(node, at: path) ?? [] {
            let key = entry.key.scalarText ?? ""
            let keyPath = path.appending(key)
            context.record(keyPath, entry.value, keyLocation: entry.key.location)
            switch key {
            case "bootFileName": options.bootFileName = context.string(entry.value, at: keyPath)
            case "tftpServerName": options.tftpServerName = context.string(entry.value, at: keyPath)
            case "ntpServers":
                options.ntpServers = context.sequence(entry.value, at: keyPath)?.enumerated().compactMap { index, item in
                    context.record(keyPath.appending(index), item)
                    return context.string(item, at: keyPath.appending(index))
                }
            case "privateOptions": options.privateOptions = decodePrivateOptions(entry.value, at: keyPath, &context)
            default: context.unknownField(key, at: keyPath, known: Self.dhcpFields)
            }
        }
        return options
    }

    static let dhcpFields = ["bootFileName", "tftpServerName", "ntpServers", "privateOptions"]

    /// As in KubeVirt, a missing code is 0 (out of range) and a missing value the empty string.
    private func decodePrivateOptions(
        _ node: Node, at path: FieldPath, _ context: inout DecodingContext
    ) -> [DHCPPrivateOption]? {
        context.objects(node, at: path, known: ["option", "value"], from: DHCPPrivateOption(option: 0, value: "")) {
            option, key, value, at, context in
            if key == "option" { option.option = context.integer(value, at: at) ?? 0 } else {
                option.value = context.string(value, at: at) ?? ""
            }
        }
    }

    /// The spec's spelling (on the interface) and KubeVirt's (under `dhcpOptions`) may both appear, but must agree.
    private func merge(
        _ direct: DHCPOptions, _ nested: DHCPOptions, at path: FieldPath, _ context: inout DecodingContext
    ) -> DHCPOptions? {
        var merged = nested
        for (key, mine, theirs) in [
            ("bootFileName", direct.bootFileName, nested.bootFileName),
            ("tftpServerName", direct.tftpServerName, nested.tftpServerName),
        ] {
            guard let mine else { continue }
            if let theirs, theirs != mine {
                context.report(
                    CoreRule.dhcpOptionConflict.error(
                        at: path.appending(key),
                        "\(key) is '\(mine)' here but '\(theirs)' under dhcpOptions; give it once"))
            }
            if key == "bootFileName" { merged.bootFileName = merged.bootFileName ?? mine } else {
                merged.tftpServerName = merged.tftpServerName ?? mine
            }
        }
        return merged.isEmpty ? nil : merged
    }
}
