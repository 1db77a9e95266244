import CLibvirt
import Glibc
import Synchronization
import VMNetCore

/// A connection to libvirt that checks domain XML by defining it and undefining it again.
///
/// With the default URI, `test:///default`, libvirt's test driver runs inside this process, with no daemon and no
/// hypervisor: a check parses the XML, validates it against libvirt's schema and runs libvirt's driver-independent
/// domain checks (unique aliases and boot orders, address ranges, MAC syntax). It does not run the QEMU driver's
/// checks (model names, multi-queue on non-virtio models, PCI slot collisions).
public final class LibvirtConnection: @unchecked Sendable {
    // @unchecked: libvirt connections are thread-safe (libvirt ≥ 0.6), and libvirt's last error is thread-local,
    // which is where each call reads it.

    /// The URI the connection was opened with.
    public let uri: String
    private let handle: OpaquePointer

    /// Opens a connection (`virConnectOpen`) and silences libvirt's default printing of errors to stderr, since
    /// every error reaches the caller as a `LibvirtError`.
    public init(uri: String = "test:///default") throws(LibvirtError) {
        if let failure = vmnet_libvirt_load() { throw .libraryUnavailable(String(cString: failure)) }
        vmnet_virSetErrorFunc(nil) { _, _ in }
        guard let handle = vmnet_virConnectOpen(uri) else { throw .connectionFailed(uri: uri, LibvirtFault.last()) }
        self.uri = uri
        self.handle = handle
    }

    deinit {
        vmnet_virConnectClose(handle)
    }

    /// Checks a domain definition: see `check(domainXML:)`.
    public func check(_ domain: DomainDefinition) throws(LibvirtError) -> String {
        try check(domainXML: domain.libvirtXML)
    }

    /// Defines the domain with schema validation (`virDomainDefineXMLFlags`, `VIR_DOMAIN_DEFINE_VALIDATE`), reads it
    /// back (`virDomainGetXMLDesc`, inactive) and undefines it, returning libvirt's own rendering of the domain.
    ///
    /// When only the schema refuses the XML, its message names no element, so the XML is defined once more without
    /// validation: if the parser refuses it too, the error carries the parser's precise message instead.
    public func check(domainXML xml: String) throws(LibvirtError) -> String {
        // Every test:///default connection in a process shares one driver state, so two checks of same-named domains
        // would collide: checks take turns.
        try checks.withLock { _ throws(LibvirtError) -> String in
            let domain = try define(xml)
            let readBack = Result { () throws(LibvirtError) -> String in try description(of: domain) }
            let undefined = vmnet_virDomainUndefineFlags(domain, 0) == 0 ? nil : LibvirtFault.last()
            vmnet_virDomainFree(domain)
            let readBackXML = try readBack.get()
            if let undefined { throw .callFailed(function: "virDomainUndefineFlags", undefined) }
            return readBackXML
        }
    }

    private func define(_ xml: String) throws(LibvirtError) -> OpaquePointer {
        if let domain = vmnet_virDomainDefineXMLFlags(handle, xml, VIR_DOMAIN_DEFINE_VALIDATE.rawValue) { return domain }
        let schemaFault = LibvirtFault.last()
        guard schemaFault.code == Int32(VIR_ERR_XML_INVALID_SCHEMA.rawValue) else { throw .domainRejected(schemaFault) }
        guard let tolerated = vmnet_virDomainDefineXMLFlags(handle, xml, 0) else {
            throw .domainRejected(LibvirtFault.last())
        }
        vmnet_virDomainUndefineFlags(tolerated, 0)
        vmnet_virDomainFree(tolerated)
        throw .schemaRejected(schemaFault)
    }

    private func description(of domain: OpaquePointer) throws(LibvirtError) -> String {
        guard let text = vmnet_virDomainGetXMLDesc(domain, VIR_DOMAIN_XML_INACTIVE.rawValue) else {
            throw .callFailed(function: "virDomainGetXMLDesc", LibvirtFault.last())
        }
        defer { free(text) }
        return String(cString: text)
    }
}

/// Serializes checks, process-wide, because libvirt's test:///default driver state is process-wide.
private let checks = Mutex(())
