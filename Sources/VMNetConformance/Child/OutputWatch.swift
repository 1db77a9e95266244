import FoundationEssentials
import Glibc

/// Tells whether the process wrote on its standard output or standard error between two moments, and what.
///
/// The child's standard output and error are files the parent made, so their sizes say how much was written;
/// stdio buffers are flushed first, so a plugin's `printf` counts as soon as it returns.
struct OutputWatch {
    /// The sizes of both files at one moment.
    struct Mark {
        fileprivate var output: Int
        fileprivate var error: Int
    }

    /// The files behind descriptors 1 and 2, to quote from.
    let outputPath: String
    let errorPath: String

    /// The sizes now.
    func mark() -> Mark {
        fflush(nil)
        return Mark(output: Self.size(STDOUT_FILENO), error: Self.size(STDERR_FILENO))
    }

    /// What was written since `mark`, e.g. `"hello\n" on standard output`; `nil` when nothing was.
    func written(since mark: Mark) -> String? {
        let now = self.mark()
        var parts: [String] = []
        for (path, from, to, stream) in [
            (outputPath, mark.output, now.output, "standard output"), (errorPath, mark.error, now.error, "standard error"),
        ] where to > from {
            parts.append("\(Self.excerpt(path, from: from, to: to)) on \(stream)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }

    private static func size(_ descriptor: Int32) -> Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    /// The first 80 bytes written, quoted, with the total count.
    private static func excerpt(_ path: String, from: Int, to: Int) -> String {
        let data = FileManager.default.contents(atPath: path) ?? Data()
        let written = data.count >= to ? data[from..<min(to, from + 80)] : Data()
        let text = String(decoding: written, as: UTF8.self).debugDescription
        return to - from > 80 ? "\(to - from) bytes starting \(text)" : text
    }
}
