import Glibc

/// Text the system gives: small files (pid files, `/proc`), and its words for an `errno`.
enum SystemText {
    /// The contents of the file at `path` (at most 64 KiB), or `nil` when it cannot be read.
    static func contents(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536 {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first run of characters of `text` that are neither spaces nor line breaks (`""` when there is none).
    static func firstWord(of text: String) -> Substring {
        text.split(whereSeparator: { $0 == " " || $0.isNewline }).first ?? ""
    }

    /// The C library's message for `code`.
    static func error(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
