import CVMNetPlugin
import Foundation
import VMNetTestKit
import VMNetPluginHost

/// A plugin's descriptor called directly, as C code would, to see exactly what crosses the boundary.
struct RawPlugin {
    private let descriptor: UnsafePointer<vmnet_plugin_descriptor>

    /// Opens the plugin at `path` and reads its descriptor.
    init(_ path: String) throws {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE),
            let entry = dlsym(handle, VMNET_PLUGIN_ENTRY_SYMBOL),
            let descriptor = unsafeBitCast(entry, to: vmnet_plugin_entry_fn.self)()
        else { throw CommandError("cannot open \(path)") }
        self.descriptor = descriptor
    }

    /// Reads the descriptor of a loaded object.
    init(_ object: SharedObject) throws {
        guard let entry = object.address(of: VMNET_PLUGIN_ENTRY_SYMBOL),
            let descriptor = unsafeBitCast(entry, to: vmnet_plugin_entry_fn.self)()
        else { throw CommandError("no descriptor") }
        self.descriptor = descriptor
    }

    /// The descriptor's name.
    var name: String { String(cString: descriptor.pointee.name) }

    /// The descriptor's address: the same on every call of the entry symbol.
    var address: UnsafeRawPointer { UnsafeRawPointer(descriptor) }

    /// Sends `request` as the bytes of `operation` and returns the status and the response text.
    func call(_ operation: String, _ request: String) -> (status: Int32, response: String) {
        var response: UnsafeMutablePointer<CChar>?
        var length = 0
        let bytes = Array(request.utf8)
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                descriptor.pointee.call(descriptor.pointee.context, operation, $0.baseAddress, $0.count, &response, &length)
            }
        }
        guard let response else { return (status, "") }
        defer { descriptor.pointee.free_response(descriptor.pointee.context, response, length) }
        return (status, String(decoding: UnsafeRawBufferPointer(start: response, count: length), as: UTF8.self))
    }
}
