internal import CVMNetPlugin
import VMNetPluginHost

/// A plugin's descriptor called directly, as C code would, so the suite sees exactly what crosses the boundary:
/// the status and the bytes, before any interpretation.
struct RawPlugin {
    /// What one call returned.
    struct Answer: Sendable {
        /// The status `call` returned.
        var status: Int32
        /// The response bytes; `nil` when the plugin set no response.
        var response: [UInt8]?
        /// How long `call` and `free_response` took.
        var duration: Duration
    }

    private let descriptor: UnsafePointer<vmnet_plugin_descriptor>

    /// Wraps the descriptor at `address`, which the entry symbol returned.
    init(descriptor address: UnsafeRawPointer) {
        descriptor = address.assumingMemoryBound(to: vmnet_plugin_descriptor.self)
    }

    /// Sends `request` (any bytes, even empty) as `operation`.
    func call(_ operation: String, _ request: [UInt8]) -> Answer {
        // The request lives in a buffer one byte longer than its length, so even an empty one has an address.
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: request.count + 1)
        defer { buffer.deallocate() }
        for (index, byte) in request.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        buffer[request.count] = 0
        var response: UnsafeMutablePointer<CChar>?
        var length = 0
        let clock = ContinuousClock()
        let start = clock.now
        let status = descriptor.pointee.call(descriptor.pointee.context, operation, buffer, request.count, &response, &length)
        var bytes: [UInt8]?
        if let response {
            bytes = UnsafeRawBufferPointer(start: response, count: length).map { $0 }
            descriptor.pointee.free_response(descriptor.pointee.context, response, length)
        }
        return Answer(status: status, response: bytes, duration: clock.now - start)
    }
}

/// The descriptor facts the suite reads itself, beyond what vmnet's loader checks.
enum RawEntry {
    /// The result of opening the file and calling its entry point twice.
    enum Outcome {
        /// `dlopen` failed: the loader's message.
        case openFailed(String)
        /// No `vmnet_plugin_entry`.
        case missingEntry
        /// The entry point returned NULL.
        case nullDescriptor
        /// The two calls returned different descriptors.
        case unstable
        /// The descriptor, with its declared kind.
        case descriptor(UnsafeRawPointer, kind: UInt32)
    }

    /// Opens `path` as vmnet's loader does (checked, then loaded from the checked descriptor, never closed) and
    /// calls the entry point twice; `before` runs just before each stage so a crash can be told apart from the
    /// next. `nil` when the loader would refuse the file before running any of it: the suite never runs it either.
    static func open(_ path: String, before: (ConformanceCheck) -> Void) -> Outcome? {
        guard let file = try? TrustedFile(opening: path) else { return nil }
        before(.loadingOpen)
        let object: SharedObject
        do {
            object = try SharedObject(loading: file)
        } catch {
            return .openFailed(error.message)
        }
        before(.loadingEntrySymbol)
        guard let symbol = object.address(of: VMNET_PLUGIN_ENTRY_SYMBOL) else { return .missingEntry }
        let entry = unsafeBitCast(symbol, to: vmnet_plugin_entry_fn.self)
        guard let first = entry() else { return .nullDescriptor }
        guard entry() == first else { return .unstable }
        before(.loadingABI)
        return .descriptor(UnsafeRawPointer(first), kind: UnsafeRawPointer(first).load(fromByteOffset: 4, as: UInt32.self))
    }
}
