import VMNetCore
import VMNetEngine

/// Decodes one entry of `spec.networks`.
struct NetworkDecoder {
    let drivers: DriverSet

    func decode(_ node: Node, at path: FieldPath, _ context: inout DecodingContext) -> Network? {
        guard let entries = context.mapping(node, at: path) else { return nil }
        var name: String?
        var sources: [NetworkSource] = []
        let known = ["name"] + drivers.backendNames
        for entry in entries {
            let key = entry.key.scalarText ?? ""
            let keyPath = path.appending(key)
            context.record(keyPath, entry.value, keyLocation: entry.key.location)
            if key == "name" {
                name = context.string(entry.value, at: keyPath)
            } else if drivers.backends[key] != nil {
                let options = context.options(entry.value, at: keyPath, specs: drivers.networkOptions(forBackend: key))
                sources.append(NetworkSource(backend: key, options: options))
            } else if BindingReference.mayName(entry.value), NearestMatch.find(key, in: known) == nil {
                let options = context.options(entry.value, at: keyPath, specs: nil)
                sources.append(NetworkSource(backend: key, options: options))
            } else {
                context.unknownField(key, at: keyPath, known: known)
            }
        }
        guard let name else {
            context.report(CoreRule.nameRequired.error(at: path.appending("name"), "a network needs a name"))
            return nil
        }
        return Network(name: name, sources: sources)
    }
}

/// How the decoder tells a driver reference from a misspelt field: a driver key holds a mapping (or nothing).
enum BindingReference {
    static func mayName(_ value: Node) -> Bool {
        value.isNull || value.entries != nil
    }
}
