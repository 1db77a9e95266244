import Foundation
import Testing

/// The built `vmnet` binary, next to the test bundle.
let vmnet = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vmnet").path
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `vmnet` with `arguments` and waits for it.
func run(_ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: vmnet)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

/// Writes `text` to a new temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "vm.yaml") throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-cli-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("vmnet validate")
struct ValidateCommandTests {
    let specFiles = try! FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("spec").path)
        .filter { $0.hasSuffix(".yaml") }.sorted().map { fixtures.appendingPathComponent("spec/\($0)").path }

    @Test("the spec's examples are valid together (but for the ConfigMap that forbids bridge): exit 0 and a summary")
    func specExamples() throws {
        let result = try run(["validate"] + specFiles.filter { !$0.hasSuffix("kubevirt-config-no-bridge.yaml") })
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout == "12 VMs in 15 files: 0 errors, 0 warnings\n")
    }

    @Test("an invalid manifest: exit 1, one compiler-style line per diagnostic")
    func invalid() throws {
        let path = try temporaryFile("kind: VM\nspec:\n  domain:\n    devices:\n      interfaces:\n      - name: red\n        masquerade: {}\n        ports:\n        - port: 80\n          protocol: tcp\n  networks:\n  - name: red\n    multus: {networkName: red}\n")
        let result = try run(["validate", path])
        #expect(result.status == 1)
        #expect(result.stdout.split(separator: "\n") == [
            "\(path):6:15: error: spec.domain.devices.interfaces[0].name: Masquerade interface only implemented with pod network [binding-network-unsupported]",
            "\(path):10:21: warning: spec.domain.devices.interfaces[0].ports[0].protocol: Unknown protocol, only TCP or UDP allowed (got tcp; the names are upper-case) (KubeVirt checks ports on the pod network only; the binding gets them as written) [port-protocol-unknown]",
            "1 VM in 1 file: 1 error, 1 warning",
        ])
    }

    @Test("warnings alone keep a manifest valid")
    func warningsOnly() throws {
        let path = try temporaryFile("kind: VM\nspec:\n  domain:\n    devices:\n      interfaces:\n      - name: red\n        bridge: {}\n        ports: [{port: 80}]\n  networks:\n  - name: red\n    pod: {}\n")
        let result = try run(["validate", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning: spec.domain.devices.interfaces[0].ports: ports have no effect on a bridge interface"))
    }

    @Test("--output json gives valid and every diagnostic with position, path and rule")
    func json() throws {
        let path = try temporaryFile("kind: VM\nspec:\n  domain:\n    devices:\n      interfaces:\n      - name: a\n        masquerade: {}\n        macAddress: 02:00:00:00:00:00\n  networks:\n  - name: a\n    pod: {}\n")
        let result = try run(["validate", "--output", "json", path])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["rule"] as? String == "mac-address-reserved")
        #expect(diagnostics.first?["path"] as? String == "spec.domain.devices.interfaces[0].macAddress")
        #expect(diagnostics.first?["severity"] as? String == "error")
        let location = try #require(diagnostics.first?["location"] as? [String: Any])
        #expect(location["line"] as? Int == 8)
        #expect(location["column"] as? Int == 21)
        #expect((object["machines"] as? [[String: Any]])?.first?["name"] as? String == URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }

    @Test("--config supplies the kubevirt-config ConfigMap")
    func config() throws {
        let config = fixtures.appendingPathComponent("spec/kubevirt-config-no-bridge.yaml").path
        let result = try run(["validate", "--config", config, fixtures.appendingPathComponent("spec/multiqueue.yaml").path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("[default-binding-not-permitted]"))
    }

    @Test("malformed YAML: exit 2 with the position")
    func malformed() throws {
        let path = try temporaryFile("kind: VM\nspec: [a, b\n")
        let result = try run(["validate", path])
        #expect(result.status == 2)
        #expect(result.stdout.hasPrefix("\(path):3:1: error: malformed YAML: did not find expected ',' or ']'"))
    }

    @Test("a missing file: exit 2 naming the reason")
    func missingFile() throws {
        let result = try run(["validate", "/nonexistent/vm.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout.hasPrefix("/nonexistent/vm.yaml:1:1: error: cannot read the file: No such file or directory"))
    }

    @Test("usage errors exit 2", arguments: [["validate"], ["validate", "--output", "xml", "x.yaml"], ["frobnicate"]])
    func usage(arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Error:"))
    }

    @Test("--help describes the output and the exit status")
    func help() throws {
        let result = try run(["validate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("file:line:column: error|warning: field.path: message [rule-id]"))
        #expect(result.stdout.contains("Exit status: 0 valid"))
    }
}
