import FoundationEssentials
import VMNetCore
import VMNetPluginHost
import VMNetRuntime
import VMNetWiring

/// vmnet as a CNI plugin: each call wires or unwires one VM interface (an attachment, named by container ID and
/// interface name) in the pod's network namespace through the same plugins, planner, executor and journal as
/// `vmnet up`. Everything it needs comes in the call: the VM's networking in `args.cni.vmnet`, the network in
/// `args.cni.logicNetworkName`, the pod interface from `prevResult` (chained) or vmnet's naming (its own
/// attachment). Logs go to standard error only; standard output is the CNI answer.
public struct CNIPlugin: Sendable {
    /// The process environment: the `CNI_*` parameters.
    public let environment: [String: String]
    /// Where refusals of plugin files and other warnings go.
    public let log: @Sendable (String) -> Void

    /// A plugin for one call.
    public init(environment: [String: String], log: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.log = log
    }

    /// Runs the call whose configuration is `input`: the JSON to print on standard output (empty for a DEL, CHECK,
    /// GC or STATUS that succeeds) and the exit status (0, or 1 with a CNI error).
    public func run(input: [UInt8]) -> (output: String, status: Int32) {
        var version = CNIVersion.newest
        do throws(CNIError) {
            let call = try CNIEnvironment(environment)
            let config = try CNIConfig.decode(input)
            if call.command == .version { return (Self.json(versionAnswer(config.cniVersion)), 0) }
            try CNIVersion.check(config.cniVersion, listed: config.cniVersions)
            version = config.cniVersion
            let request = CNICall(call: call, config: config, input: input, log: log)
            switch call.command {
            case .add: return (Self.json(try request.add()), 0)
            case .del: try request.del()
            case .check: try request.check()
            case .gc: try request.gc()
            case .status: try request.status()
            case .version: break
            }
            return ("", 0)
        } catch {
            var answer = error
            answer.cniVersion = version
            return (Self.json(answer), 1)
        }
    }

    /// VERSION's answer, in the version asked for when vmnet speaks it.
    private func versionAnswer(_ asked: String) -> JSONValue {
        .object([
            "cniVersion": .string(CNIVersion.supported.contains(asked) ? asked : CNIVersion.newest),
            "supportedVersions": .array(CNIVersion.supported.map(JSONValue.string)),
        ])
    }

    /// One line of JSON with sorted keys.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The answers are plain data; encoding them cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
