import Foundation
import Glibc
import Testing
import VMNetSystem

@Suite("replaceFile: whole-file replacement that a crash cannot leave half done")
struct ReplaceFileTests {
    /// A fresh folder under the temporary folder, removed after `body`.
    private func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.path + "/vmnet-replace-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    private func mode(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
    }

    @Test("the file gets the new bytes and the mode asked for, whatever the umask, and no temporary file stays")
    func writesNewFile() throws {
        try withFolder { folder in
            let path = folder + "/state.json"
            try replaceFile(path, with: Array("{}\n".utf8), mode: 0o644)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
            #expect(mode(path) == 0o644)
            try replaceFile(path, with: Data("[1]".utf8), mode: 0o600)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "[1]")
            #expect(mode(path) == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["state.json"])
        }
    }

    @Test("an old file is replaced by a new one, never rewritten in place: a reader holding it keeps the old bytes")
    func replacesNotRewrites() throws {
        try withFolder { folder in
            let path = folder + "/state.json"
            try replaceFile(path, with: Array("old".utf8), mode: 0o600)
            let reader = open(path, O_RDONLY)
            defer { close(reader) }
            try replaceFile(path, with: Array("new".utf8), mode: 0o600)
            var buffer = [UInt8](repeating: 0, count: 8)
            let count = read(reader, &buffer, buffer.count)
            #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "old")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        }
    }

    @Test("a symbolic link at the path is replaced, and the file it led to left alone")
    func replacesALink() throws {
        try withFolder { folder in
            let target = folder + "/target"
            try Data("target".utf8).write(to: URL(fileURLWithPath: target))
            #expect(symlink(target, folder + "/link") == 0)
            try replaceFile(folder + "/link", with: Array("new".utf8), mode: 0o600)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "target")
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link")) == nil, "still a link")
            #expect(try String(contentsOfFile: folder + "/link", encoding: .utf8) == "new")
        }
    }

    @Test("a failure names the step and the file, with errno")
    func failure() {
        #expect(throws: SystemError("create a temporary file beside /nonexistent/vmnet/state.json", code: ENOENT)) {
            try replaceFile("/nonexistent/vmnet/state.json", with: [UInt8](), mode: 0o600)
        }
    }
}
