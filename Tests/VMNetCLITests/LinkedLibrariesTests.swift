import Foundation
import Testing

/// vmnet starts twice per `up` + `down` pair, and each built-in plugin it loads brings its own dependencies: none
/// of them may need all of Foundation (with ICU and libstdc++ behind it), which cost ~3 ms of dynamic linking per
/// process and thousands more protocol conformances for every Swift cast to scan.
@Suite("Linked libraries")
struct LinkedLibrariesTests {
    /// The shared libraries `file` names as needed (`DT_NEEDED`), as `readelf -d` lists them.
    private func needed(_ file: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/readelf")
        process.arguments = ["-d", file]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "readelf -d \(file)")
        return text.split(separator: "\n").compactMap { line in
            guard line.contains("(NEEDED)"), let open = line.lastIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
    }

    @Test("vmnet and the nine built-in plugins need FoundationEssentials, not Foundation")
    func essentialsOnly() throws {
        let products = URL(fileURLWithPath: vmnet).deletingLastPathComponent().path
        let plugins = try FileManager.default.contentsOfDirectory(atPath: products)
            .filter { $0.hasPrefix("libVMNetBinding") || $0.hasPrefix("libVMNetBackend") }.filter { $0.hasSuffix(".so") }
        #expect(plugins.count == 9, "\(plugins)")
        for file in [vmnet] + plugins.map({ products + "/" + $0 }) {
            let libraries = try needed(file)
            #expect(libraries.contains("libswiftCore.so"), "\(file): \(libraries)")
            #expect(!libraries.contains("libFoundation.so"), "\(file) needs all of Foundation: \(libraries)")
            #expect(!libraries.contains("libFoundationInternationalization.so"), "\(file): \(libraries)")
        }
    }
}
