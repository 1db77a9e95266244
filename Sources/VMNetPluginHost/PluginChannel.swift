internal import CVMNetPlugin
import FoundationEssentials
import VMNetCore

/// The JSON calls to one loaded plugin's descriptor.
///
/// Unchecked `Sendable`: the descriptor is immutable and never freed (the image stays loaded), and the ABI requires
/// plugins to accept calls from several threads at once.
final class PluginChannel: @unchecked Sendable {
    private let descriptor: UnsafePointer<vmnet_plugin_descriptor>
    /// The contract version every request carries.
    let contract: ContractVersion
    /// Names the plugin in messages: `binding plugin 'bridge' (/path/libVMNetBindingBridge.so)`.
    let label: String

    init(descriptor: UnsafePointer<vmnet_plugin_descriptor>, contract: ContractVersion, label: String) {
        self.descriptor = descriptor
        self.contract = contract
        self.label = label
    }

    /// `call` for the planning operations (plan, apply, revert), whose failures reach the caller as a `PlanError`
    /// naming the plugin.
    func planningCall<Body: Codable & Sendable, Result: Decodable>(
        _ operation: PluginOperation, _ body: Body, as: Result.Type = Result.self
    ) throws(PlanError) -> Result {
        do {
            return try call(operation, body)
        } catch {
            throw PlanError(error.text(subject: "the \(label)"))
        }
    }

    /// Sends `operation` with `body` and decodes the result as `Result`.
    func call<Body: Codable & Sendable, Result: Decodable>(
        _ operation: PluginOperation, _ body: Body, as: Result.Type = Result.self
    ) throws(PluginCallError) -> Result {
        let request: Data
        do {
            request = try JSONEncoder.vmnetContract(contract).encode(PluginRequest(contractVersion: contract, request: body))
        } catch {
            throw PluginCallError(.protocol, "cannot be sent the \(operation) request: \(error)")
        }
        var response: UnsafeMutablePointer<CChar>?
        var length = 0
        let status = request.withUnsafeBytes { bytes in
            descriptor.pointee.call(
                descriptor.pointee.context, operation.rawValue, bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                bytes.count, &response, &length)
        }
        guard let response else {
            throw PluginCallError(.protocol, "returned no \(operation) response (status \(status))")
        }
        let document = Data(bytes: response, count: length)
        descriptor.pointee.free_response(descriptor.pointee.context, response, length)
        guard status == VMNET_PLUGIN_OK else {
            guard let failure = try? JSONDecoder().decode(PluginFailure.self, from: document) else {
                let text = String(decoding: document.prefix(200), as: UTF8.self)
                throw PluginCallError(.protocol, "failed \(operation) with status \(status) and no error document: \(text)")
            }
            if status == VMNET_PLUGIN_FAILED { throw PluginCallError(.plugin, failure.error) }
            throw PluginCallError(.protocol, "refused the \(operation) request (status \(status)): \(failure.error)")
        }
        do {
            return try JSONDecoder().decode(Result.self, from: document)
        } catch {
            throw PluginCallError(.protocol, PluginFailure(malformed: "answered \(operation) with a document that is not a \(Result.self)", error).error)
        }
    }
}

/// Why a call to a plugin did not return a result.
struct PluginCallError: Error {
    /// Who is at fault.
    enum Origin {
        /// The plugin ran the operation and it failed (`VMNET_PLUGIN_FAILED`): its message is for the user as is.
        case plugin
        /// The exchange itself went wrong: a bug in the plugin or a contract mismatch, so messages name the plugin.
        case `protocol`
    }

    let origin: Origin
    /// The plugin's own words, or what went wrong in words that follow the plugin's label.
    let message: String

    init(_ origin: Origin, _ message: String) {
        self.origin = origin
        self.message = message
    }

    /// The message to show: the plugin's own words, or what went wrong with `subject` (the plugin's label, or
    /// "it" where the label was just said) in front.
    func text(subject: String) -> String {
        origin == .plugin ? message : "\(subject) \(message)"
    }
}
