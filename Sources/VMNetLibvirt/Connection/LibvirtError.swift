/// Why libvirt could not connect or refused a domain.
public enum LibvirtError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libvirt.so.0 could not be loaded (it is loaded on first use, not linked).
    case libraryUnavailable(String)
    /// `virConnectOpen` failed for the URI.
    case connectionFailed(uri: String, LibvirtFault)
    /// libvirt's parser or its domain checks refused the XML; the message names what is wrong.
    case domainRejected(LibvirtFault)
    /// libvirt's RelaxNG schema refused XML that its parser accepted, so the message cannot point at the culprit.
    case schemaRejected(LibvirtFault)
    /// A call on an already-defined domain failed.
    case callFailed(function: String, LibvirtFault)

    /// What libvirt reported.
    public var fault: LibvirtFault {
        switch self {
        case .libraryUnavailable(let reason):
            LibvirtFault(code: 0, domain: 0, message: reason)
        case .connectionFailed(_, let fault), .domainRejected(let fault), .schemaRejected(let fault),
            .callFailed(_, let fault):
            fault
        }
    }

    /// Says what failed and what to do about it.
    public var description: String {
        switch self {
        case .libraryUnavailable(let reason):
            "libvirt is needed to check domain devices, and \(reason)"
        case .connectionFailed(let uri, let fault):
            "cannot connect to libvirt at '\(uri)': \(fault); check the URI (test:///default needs no daemon, "
                + "qemu:///system needs libvirtd running and permission to use it)"
        case .domainRejected(let fault):
            "libvirt rejected the domain XML: \(fault); fix the element or value the message names"
        case .schemaRejected(let fault):
            "libvirt's domain schema rejected XML its parser accepts: \(fault); an element or attribute is not "
                + "allowed where it is written (compare with /usr/share/libvirt/schemas/domaincommon.rng)"
        case .callFailed(let function, let fault):
            "\(function) failed: \(fault)"
        }
    }
}
