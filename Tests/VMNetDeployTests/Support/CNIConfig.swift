import Foundation

/// A JSON object from a manifest (a CNI config, a network-selection element), read once `JSONSyntax` has said
/// the text is JSON.
struct CNIConfig {
    /// The members.
    let members: [String: Any]

    init(members: [String: Any]) {
        self.members = members
    }

    /// Reads `text`; nil when it is not a JSON object.
    init?(text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        members = object
    }

    /// The items of the JSON list `text`, each nil when it is not an object; nil when `text` is not a list.
    static func list(text: String) -> [CNIConfig?]? {
        guard let items = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else { return nil }
        return items.map { ($0 as? [String: Any]).map(CNIConfig.init(members:)) }
    }

    /// The member `key`.
    func value(_ key: String) -> Any? { members[key] }

    /// The member `key`, when it is a string.
    func string(_ key: String) -> String? { members[key] as? String }

    /// The member `key`, when it is an object.
    func object(_ key: String) -> CNIConfig? { (members[key] as? [String: Any]).map(CNIConfig.init(members:)) }

    /// The member `key`, when it is a list of strings.
    func strings(_ key: String) -> [String]? { members[key] as? [String] }

    /// The member `key`, when it is an integer.
    func integer(_ key: String) -> Int? { members[key] as? Int }

    /// The members as JSON text.
    var text: String {
        // Sorted keys: the text, and so every diagnostic's column, is the same on every run.
        String(decoding: (try? JSONSerialization.data(withJSONObject: members, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }
}
