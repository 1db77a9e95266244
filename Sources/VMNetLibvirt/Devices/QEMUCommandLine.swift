import VMNetCore
import VMNetEngine

/// libvirt's namespace for QEMU pass-through elements (`<qemu:commandline>`).
let qemuNamespace = "http://libvirt.org/schemas/domain/qemu/1.0"

extension DomainDevices {
    /// The `<qemu:commandline>` element carrying every user-mode NIC's and QEMU-argument device's arguments,
    /// declaring its namespace so it stands alone; `nil` when there is neither.
    ///
    /// User-mode NICs go to QEMU directly because Debian 12's libvirt 9.0 cannot say what they need through
    /// `<interface type='user'>`: `<portForward>` belongs to a user-mode backend Debian builds 9.0 without (its parser
    /// rejects the backend's type), and no element carries slirp's `hostfwd` or `dnssearch`.
    public var qemuCommandLineXML: String? {
        qemuCommandLineMarkup(declaringNamespace: true)?.rendered()
    }

    func qemuCommandLineMarkup(declaringNamespace: Bool) -> Markup? {
        let arguments = qemuArguments
        guard !arguments.isEmpty else { return nil }
        return Markup(
            "qemu:commandline", declaringNamespace ? [.init("xmlns:qemu", qemuNamespace)] : [],
            children: arguments.map { Markup("qemu:arg", [.init("value", $0)]) })
    }
}
