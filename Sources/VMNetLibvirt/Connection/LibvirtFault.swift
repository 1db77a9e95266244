import CLibvirt

/// What libvirt reported about a failed call: `virGetLastError`'s code, domain and message.
public struct LibvirtFault: Sendable, Hashable, CustomStringConvertible {
    /// The `virErrorNumber`, e.g. 27 (`VIR_ERR_XML_ERROR`) or 92 (`VIR_ERR_XML_INVALID_SCHEMA`).
    public var code: Int32
    /// The `virErrorDomain`: the part of libvirt that raised it, e.g. 20 (`VIR_FROM_DOMAIN`).
    public var domain: Int32
    /// libvirt's message, e.g. `XML error: unable to parse mac address 'zz:54:00:00:00:01'`.
    public var message: String

    /// Creates a fault.
    public init(code: Int32, domain: Int32, message: String) {
        self.code = code
        self.domain = domain
        self.message = message
    }

    /// The message with its code and domain.
    public var description: String { "\(message) (libvirt error \(code), domain \(domain))" }

    /// The calling thread's last libvirt error, which is where libvirt leaves it (the storage is thread-local).
    static func last() -> LibvirtFault {
        guard let error = vmnet_virGetLastError() else {
            return LibvirtFault(code: 0, domain: 0, message: "libvirt failed without reporting an error")
        }
        let message = error.pointee.message.map { String(cString: $0) } ?? "libvirt gave no message"
        return LibvirtFault(code: error.pointee.code, domain: error.pointee.domain, message: message)
    }
}
