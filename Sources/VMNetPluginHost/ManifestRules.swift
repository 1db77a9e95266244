import VMNetCore

/// What a manifest needs beyond decoding for vmnet to show and enforce it: names that are identifiers, words
/// where people read them, no duplicates. The loader refuses a plugin whose manifest breaks one (`invalid-manifest`),
/// and the conformance suite reports that refusal as `loading.manifest`.
enum ManifestRules {
    /// Every problem of `manifest`, in words that say what to change.
    static func problems(_ manifest: PluginManifest) -> [String] {
        var problems: [String] = []
        func require(_ condition: Bool, _ problem: @autoclosure () -> String) {
            if !condition { problems.append(problem()) }
        }
        func identifiers(_ names: [String], _ field: String) {
            for name in names where !isIdentifier(name) {
                problems.append("\(field) holds '\(name)', which is not a plugin name (letters, digits, '-', '_', starting with a letter)")
            }
            require(Set(names).count == names.count, "\(field) lists a name twice: \(names)")
        }
        let displayName: String, summary: String
        switch manifest {
        case .binding(let binding): (displayName, summary) = (binding.displayName, binding.summary)
        case .backend(let backend): (displayName, summary) = (backend.displayName, backend.summary)
        }
        require(!displayName.isEmpty, "displayName is empty (messages start with it, e.g. 'Masquerade interface only implemented with pod network')")
        require(!summary.isEmpty, "summary is empty (vmnet plugins list shows it)")
        identifiers(manifest.options.map(\.name), "options")
        for option in manifest.options where option.summary.isEmpty {
            problems.append("option \(option.name) has no summary (vmnet plugins info shows it)")
        }
        switch manifest {
        case .binding(let binding):
            let capabilities = binding.capabilities
            if let backends = capabilities.backends {
                require(!backends.isEmpty, "backends is empty, so the binding can be used on no network (leave it out to mean any backend)")
                identifiers(backends, "backends")
            }
            identifiers(capabilities.migrationBlockedOn ?? [], "migrationBlockedOn")
            for gate in capabilities.configGates {
                require(!gate.key.isEmpty, "a config gate has an empty key")
                require(!gate.message.isEmpty, "config gate \(gate.key) has no message (the core shows it when the gate is closed)")
                if let backends = gate.backends { identifiers(backends, "config gate \(gate.key)'s backends") }
            }
            for reserved in capabilities.reservedMACAddresses where reserved.message.isEmpty {
                problems.append("reserved MAC address \(reserved.address) has no message (the core shows it to whoever picks it)")
            }
            require(
                Set(capabilities.addressFamilies).count == capabilities.addressFamilies.count,
                "addressFamilies lists a family twice")
        case .backend(let backend):
            identifiers(backend.capabilities.conflictsWith, "conflictsWith")
            require(!backend.capabilities.conflictsWith.contains(backend.name), "conflictsWith lists the backend itself")
        }
        return problems
    }

    /// Letters, digits, `-` and `_`, starting with a letter: a plugin's name, and every name a manifest lists.
    static func isIdentifier(_ name: String) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}
