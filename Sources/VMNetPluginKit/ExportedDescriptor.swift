internal import CVMNetPlugin
import FoundationEssentials
import Glibc
import VMNetCore

/// Builds the C descriptor of an exported driver and serves its C calls.
enum ExportedDescriptor {
    /// Allocates a descriptor for `driver`; it and everything it points to live as long as the process, as the
    /// ABI requires (vmnet never unloads a plugin).
    static func make(for driver: ExportedDriver) -> UnsafeRawPointer {
        let versions = ContractVersion.supported.map(\.description)
        let contracts = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: versions.count + 1)
        for (index, version) in versions.enumerated() {
            contracts[index] = UnsafePointer(strdup(version))
        }
        contracts[versions.count] = nil
        let descriptor = UnsafeMutablePointer<vmnet_plugin_descriptor>.allocate(capacity: 1)
        descriptor.initialize(
            to: vmnet_plugin_descriptor(
                abi_version: VMNET_PLUGIN_ABI_VERSION,
                kind: driver.manifest.kind.abiValue,
                name: UnsafePointer(strdup(driver.manifest.name)),
                version: UnsafePointer(strdup(driver.manifest.version)),
                contract_versions: UnsafePointer(contracts),
                context: Unmanaged.passRetained(driver).toOpaque(),
                call: { context, operation, request, length, response, responseLength in
                    ExportedDescriptor.call(context, operation, request, length, response, responseLength)
                },
                free_response: { _, response, _ in free(response) }
            ))
        return UnsafeRawPointer(descriptor)
    }

    /// The descriptor's `call`: every path returns a response document, so vmnet always learns what happened.
    private static func call(
        _ context: UnsafeMutableRawPointer?, _ operation: UnsafePointer<CChar>?, _ request: UnsafePointer<CChar>?,
        _ length: Int, _ response: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ responseLength: UnsafeMutablePointer<Int>?
    ) -> Int32 {
        guard let response, let responseLength else { return VMNET_PLUGIN_BAD_REQUEST }
        let answer: ExportedDriver.Answer
        if let context, let operation, request != nil || length == 0 {
            let driver = Unmanaged<ExportedDriver>.fromOpaque(context).takeUnretainedValue()
            let body = request.map { Data(bytes: $0, count: length) } ?? Data()
            answer = driver.answer(String(cString: operation), body)
        } else {
            answer = .failure(VMNET_PLUGIN_BAD_REQUEST, "call needs a context, an operation and a request")
        }
        let count = answer.document.count
        guard let buffer = malloc(count + 1) else {
            response.pointee = nil
            return VMNET_PLUGIN_FAILED
        }
        UnsafeMutableRawBufferPointer(start: buffer, count: count).copyBytes(from: answer.document)
        buffer.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
        response.pointee = buffer.assumingMemoryBound(to: CChar.self)
        responseLength.pointee = count
        return answer.status
    }
}
