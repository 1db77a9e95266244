internal import CVMNetPlugin
import FoundationEssentials
import Synchronization
import VMNetCore

/// The JSON calls to one plugin's descriptor, opened when the channel is made or, for a plugin described from a
/// cache, on the first call.
final class PluginChannel: Sendable {
    /// A plugin's descriptor. Unchecked `Sendable`: it is immutable and never freed (the image stays loaded), and
    /// the ABI requires plugins to accept calls from several threads at once.
    struct Descriptor: @unchecked Sendable {
        let pointer: UnsafePointer<vmnet_plugin_descriptor>
    }

    /// The contract version every request carries.
    let contract: ContractVersion
    /// Names the plugin in messages: `binding plugin 'bridge' (/path/libVMNetBindingBridge.so)`.
    let label: String
    private let descriptor: Mutex<Descriptor?>
    private let open: @Sendable () throws(LoaderError) -> Descriptor

    /// A channel to a descriptor already open.
    convenience init(descriptor: Descriptor, contract: ContractVersion, label: String) {
        self.init(opened: descriptor, contract: contract, label: label) { () throws(LoaderError) in descriptor }
    }

    /// A channel that runs `open` on its first call, and again on the next if it failed.
    convenience init(contract: ContractVersion, label: String, open: @escaping @Sendable () throws(LoaderError) -> Descriptor) {
        self.init(opened: nil, contract: contract, label: label, open: open)
    }

    private init(
        opened: Descriptor?, contract: ContractVersion, label: String,
        open: @escaping @Sendable () throws(LoaderError) -> Descriptor
    ) {
        descriptor = Mutex(opened)
        self.contract = contract
        self.label = label
        self.open = open
    }

    /// The descriptor, opening the plugin if this is the first call.
    private func opened() throws(PluginCallError) -> UnsafePointer<vmnet_plugin_descriptor> {
        do {
            return try descriptor.withLock { (descriptor: inout Descriptor?) throws(LoaderError) -> Descriptor in
                if let descriptor { return descriptor }
                let opened = try open()
                descriptor = opened
                return opened
            }.pointer
        } catch {
            throw PluginCallError(.protocol, "could not be opened: \(error.message)")
        }
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
        let descriptor = try opened()
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
