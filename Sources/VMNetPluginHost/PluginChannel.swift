internal import CVMNetPlugin
import FoundationEssentials
import Glibc
import Synchronization
import VMNetCore
import VMNetSystem

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
    /// How long a call may take before vmnet gives up on it.
    let timeout: Duration
    private let descriptor: Mutex<Descriptor?>
    private let open: @Sendable () throws(LoaderError) -> Descriptor

    /// A channel to a descriptor already open.
    convenience init(descriptor: Descriptor, contract: ContractVersion, label: String, timeout: Duration) {
        self.init(opened: descriptor, contract: contract, label: label, timeout: timeout) { () throws(LoaderError) in descriptor }
    }

    /// A channel that runs `open` on its first call, and again on the next if it failed.
    convenience init(
        contract: ContractVersion, label: String, timeout: Duration,
        open: @escaping @Sendable () throws(LoaderError) -> Descriptor
    ) {
        self.init(opened: nil, contract: contract, label: label, timeout: timeout, open: open)
    }

    private init(
        opened: Descriptor?, contract: ContractVersion, label: String, timeout: Duration,
        open: @escaping @Sendable () throws(LoaderError) -> Descriptor
    ) {
        descriptor = Mutex(opened)
        self.contract = contract
        self.label = label
        self.timeout = timeout
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

    /// The status and response of one call, read on a thread of its own under a crash guard that names the plugin,
    /// waited for at most `timeout`; a response longer than `ContractLimits.maximumDocumentSize` is refused unread.
    private func answer(
        _ operation: PluginOperation, _ request: Data, from descriptor: Descriptor
    ) throws(PluginCallError) -> (status: Int32, document: Data) {
        vmnet_plugin_guard_install()
        let crash = "vmnet: the \(label) crashed during \(operation)"
            + ([.apply, .revert].contains(operation)
                ? "; what vmnet made before is in the VM's journal, and `vmnet down` undoes it"
                : "; nothing was changed") + " (signal "
        let outcome: Answer?
        do {
            outcome = try TimedCall.run(name: "vmnet-plugin", within: timeout) { () -> Answer in
                crash.withCString { text in
                    vmnet_plugin_guard_enter(text, strlen(text))
                    defer { vmnet_plugin_guard_leave() }
                    return Answer(calling: descriptor.pointer, operation, request)
                }
            }
        } catch {
            throw PluginCallError(.protocol, "could not be called: \(error)")
        }
        guard let outcome else {
            throw PluginCallError(.protocol, "did not answer \(operation) within \(timeout) and was given up on")
        }
        guard let document = outcome.document else {
            throw PluginCallError(.protocol, "returned no \(operation) response (status \(outcome.status))")
        }
        guard outcome.length <= ContractLimits.maximumDocumentSize else {
            throw PluginCallError(.protocol, "answered \(operation) with a document of \(outcome.length) bytes; "
                + "vmnet reads at most \(ContractLimits.maximumDocumentSize)")
        }
        return (outcome.status, document)
    }

    /// What one call of the descriptor returned, its response copied (unless too long) and freed.
    private struct Answer: Sendable {
        let status: Int32
        let document: Data?
        let length: Int

        init(calling descriptor: UnsafePointer<vmnet_plugin_descriptor>, _ operation: PluginOperation, _ request: Data) {
            var response: UnsafeMutablePointer<CChar>?
            var length = 0
            status = request.withUnsafeBytes { bytes in
                descriptor.pointee.call(
                    descriptor.pointee.context, operation.rawValue, bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                    bytes.count, &response, &length)
            }
            self.length = length
            guard let response else {
                document = nil
                return
            }
            document = length <= ContractLimits.maximumDocumentSize ? Data(bytes: response, count: length) : Data()
            descriptor.pointee.free_response(descriptor.pointee.context, response, length)
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
        let descriptor = Descriptor(pointer: try opened())
        let answer = try answer(operation, request, from: descriptor)
        let (status, document) = (answer.status, answer.document)
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
            if let step = StepKeys.unknownStep(in: document) {
                throw PluginCallError(.protocol, "answered \(operation) with \(step), which is not in the executor's vocabulary "
                    + "(\(StepLimits.vocabulary.joined(separator: ", "))); nothing was changed")
            }
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
