/// A value that libvirt's domain XML can express.
public protocol LibvirtXMLRepresentable {
    /// The value as libvirt domain XML: deterministic, escaped, two-space indented, ending in a newline.
    var libvirtXML: String { get }
}
