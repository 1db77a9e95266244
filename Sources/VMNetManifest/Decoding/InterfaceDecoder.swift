import VMNetCore
import VMNetEngine

/// Decodes one entry of `spec.domain.devices.interfaces`.
struct InterfaceDecoder {
    static let fields = [
        "name", "model", "macAddress", "ports", "pciAddress", "bootOrder", "bootFileName", "tftpServerName",
        "dhcpOptions",
    ]
    /// Fields of KubeVirt's API that vmnet does not implement, refused with a clear note rather than a guess.
    static let unsupported = ["binding", "state", "tag", "acpiIndex", "portRanges"]

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
                } else if Self.unsupported.contains(key) {
                    context.unknownField(key, at: keyPath, known: [], note: ": this field of KubeVirt's API is not supported by vmnet")
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

    private func decodePorts(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> [Port]? {
        guard let items = context.sequence(node, at: path) else { return nil }
        return items.enumerated().compactMap { index, item in
            let itemPath = path.appending(index)
            context.record(itemPath, item)
            guard let entries = context.mapping(item, at: itemPath) else { return nil }
            var port = Port(port: nil)
            for entry in entries {
                let key = entry.key.scalarText ?? ""
                let keyPath = itemPath.appending(key)
                context.record(keyPath, entry.value, keyLocation: entry.key.location)
                switch key {
                case "name": port.name = context.string(entry.value, at: keyPath)
                case "port": port.port = context.integer(entry.value, at: keyPath)
                case "protocol": port.protocol = context.string(entry.value, at: keyPath)
                default: context.unknownField(key, at: keyPath, known: ["name", "port", "protocol"])
                }
            }
            return port
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
            case "ntpServers", "privateOptions":
                context.unknownField(key, at: keyPath, known: [], note: ": this field of KubeVirt's API is not supported by vmnet")
            default: context.unknownField(key, at: keyPath, known: ["bootFileName", "tftpServerName"])
            }
        }
        return options
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
