import Glibc
import VMNetSystem

/// Standard output and standard error, written whole with `write(2)`: no buffering to flush before `exec` or exit,
/// and no Foundation (`FileHandle` lives in the full Foundation, which vmnet does not link).
enum StandardStream {
    /// Standard output.
    case output
    /// Standard error.
    case error

    /// Writes `text` as it is; a failed write (a closed pipe) is dropped, as a CLI's output has nowhere else to go.
    func write(_ text: String) {
        var text = text
        _ = text.withUTF8 { writeAll(self == .output ? STDOUT_FILENO : STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }
}
