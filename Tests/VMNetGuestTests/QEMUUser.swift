import Foundation
import Glibc

/// The user and group QEMU runs as under the guest kit's libvirt (`libvirt-qemu`): the owner
/// `vmnet up --tap-owner/--tap-group` gives the taps, as KubeVirt gives them to its non-root
/// QEMU (107).
struct QEMUUser: Sendable {
    /// The user's id.
    let uid: UInt32
    /// The group's id.
    let gid: UInt32

    /// The kit prepared once per test process (`run-guest.sh --prepare` builds the guest and
    /// creates the user when missing), then the user's ids.
    static let prepared: Result<QEMUUser, GuestTestError> = Result { () throws(GuestTestError) in
        try Command(GuestRun.kit.appendingPathComponent("run-guest.sh").path, ["--prepare"]).check()
        guard let user = getpwnam("libvirt-qemu"), let group = getgrnam("libvirt-qemu") else {
            throw .missingTool(path: "the libvirt-qemu user", package: "libvirt-daemon-driver-qemu")
        }
        return QEMUUser(uid: user.pointee.pw_uid, gid: group.pointee.gr_gid)
    }
}
