import VMNetCore

/// File names made from arbitrary text: a name given by a tenant or a runtime is always exactly one file of the
/// state directory, never a path, a hidden file, a truncated C string or one too long to create.
enum FileName {
    /// The longest name made, in bytes: room for `.lock` or `.json` and the `.XXXXXX` of a temporary file within
    /// NAME_MAX (255).
    static let maximumLength = 240

    /// `text` with `%`, `/`, control characters (NUL among them), a leading `.` and every byte of `also`
    /// percent-escaped, and then `bounded`.
    static func escaping(_ text: String, also: Set<Character> = []) -> String {
        var escaped = ""
        for (offset, character) in text.enumerated() {
            if character == "%" || character == "/" || also.contains(character) || (character == "." && offset == 0)
                || character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
            {
                for byte in character.utf8 { escaped += "%" + hex(byte) }
            } else {
                escaped.append(character)
            }
        }
        return bounded(escaped)
    }

    /// `name` when it fits in `maximumLength` bytes; otherwise its longest prefix of whole characters that leaves
    /// room for `~` and 32 hex digits of its SHA-256. An escaped name is one-to-one with its text, so is this.
    static func bounded(_ name: String) -> String {
        guard name.utf8.count > maximumLength else { return name }
        let digest = "~" + SHA256.hexDigest(name).prefix(32)
        var prefix = ""
        var length = 0
        for character in name {
            let size = character.utf8.count
            guard length + size + digest.utf8.count <= maximumLength else { break }
            prefix.append(character)
            length += size
        }
        return prefix + digest
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
    }
}
