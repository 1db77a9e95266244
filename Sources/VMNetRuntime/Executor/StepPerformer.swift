import Glibc
import VMNetCore

/// Makes host steps in a namespace through the kernel and undoes them, reading first what each one changes: the
/// step operations of `NamespaceHandles` as `HostOperations`.
///
/// Runs on the namespace's thread. NAT steps are `NATBatch`'s; a plugin's `custom` step is its plugin's. Every
/// undo tolerates finding its step never made (a crash may come between journaling a step and making it) and the
/// links it touched gone.
struct StepPerformer {
    let handles: NamespaceHandles

    var socket: RouteSocket { handles.socket }

    /// What `step` will change, as it is now.
    func prior(of step: HostStep) throws(StepError) -> PriorState {
        switch step {
        case .createBridge(let name, _, _), .createTap(let name, _, _, _, _), .createMACVLAN(let name, _, _, _):
            if try link(name) != nil { throw .linkTaken(name) }
            return .newLink(name: name)
        case .renameLink(let from, _):
            return .linkName(was: from)
        case .setMACAddress(let name, _):
            return .macAddress(was: try existing(name).mac?.description ?? "")
        case .setMTU(let name, _):
            return .mtu(was: try existing(name).mtu)
        case .setMaster(let name, _):
            let link = try existing(name)
            return .master(was: try link.masterIndex.flatMap { index throws(StepError) in try self.link(index: index)?.name })
        case .setLearning(let name, _):
            return .learning(was: try existing(name).learning)
        case .setLinkState(let name, _):
            return .linkState(up: try existing(name).isUp, snapshot: try snapshot(of: name))
        case .addAddress(let name, let address):
            return .address(present: try has(address, on: name), snapshot: nil)
        case .removeAddress(let name, let address):
            return .address(present: try has(address, on: name), snapshot: try snapshot(of: name))
        case .setSysctl(let key, _):
            do {
                return .sysctl(was: try handles.sysctl.read(key))
            } catch .system(_, let code) where code == ENOENT {
                return .sysctl(was: nil)
            } catch {
                throw .sysctl(error)
            }
        case .addNATRules, .custom:
            throw .notHostOperation(step)
        }
    }

    /// Makes `step`, whose prior state is `prior`.
    func apply(_ step: HostStep, prior: PriorState) throws(StepError) {
        switch step {
        case .createBridge(let name, let mac, let mtu):
            let address = try mac.map { text throws(StepError) in try macAddress(text) }
            try netlink { () throws(NetlinkError) in try socket.createBridge(named: name, mac: address, mtu: mtu) }
        case .createTap(let name, let mtu, let queues, let owner, let group):
            try netlink { () throws(NetlinkError) in try socket.createTap(named: name, queues: queues, owner: owner, group: group) }
            do {
                try netlink { () throws(NetlinkError) in try socket.setMTU(mtu, ofLink: name) }
            } catch {
                // The step is one change: a tap with the wrong MTU must not outlive its failure.
                try? netlink { () throws(NetlinkError) in try socket.deleteLink(named: name) }
                throw error
            }
        case .createMACVLAN(let name, let parent, let text, let characterDevice):
            let mac = try macAddress(text)
            try netlink { () throws(NetlinkError) in
                try socket.createMACVLAN(named: name, on: parent, mac: mac, characterDevice: characterDevice)
            }
        case .renameLink(let from, let to):
            try netlink { () throws(NetlinkError) in try socket.renameLink(from, to: to) }
        case .setMACAddress(let name, let text):
            let mac = try macAddress(text)
            try netlink { () throws(NetlinkError) in try socket.setMAC(mac, ofLink: name) }
        case .setMTU(let name, let mtu):
            try netlink { () throws(NetlinkError) in try socket.setMTU(mtu, ofLink: name) }
        case .setMaster(let name, let master):
            try netlink { () throws(NetlinkError) in try socket.setMaster(master, ofLink: name) }
        case .setLearning(let name, let enabled):
            try netlink { () throws(NetlinkError) in try socket.setLearning(enabled, ofPort: name) }
        case .setLinkState(let name, let up):
            try netlink { () throws(NetlinkError) in try socket.setLink(name, up: up) }
        case .addAddress(let name, let address):
            if case .address(present: true, _) = prior { return }
            try netlink { () throws(NetlinkError) in try socket.addAddress(address, toLink: name) }
        case .removeAddress(let name, let address):
            guard case .address(present: true, _) = prior else { return }
            try netlink { () throws(NetlinkError) in try socket.deleteAddress(address, fromLink: name) }
        case .setSysctl(let key, let value):
            do {
                try handles.sysctl.write(key, value)
            } catch {
                throw .sysctl(error)
            }
        case .addNATRules, .custom:
            throw .notHostOperation(step)
        }
    }

    /// Undoes `step`, restoring `prior`.
    func undo(_ step: HostStep, prior: PriorState) throws(StepError) {
        switch (step, prior) {
        case (_, .newLink(let name)):
            try ignoringMissing { () throws(NetlinkError) in try socket.deleteLink(named: name) }
        case (.renameLink(let from, let to), _):
            guard try link(to) != nil, try link(from) == nil else { return }
            try netlink { () throws(NetlinkError) in try socket.renameLink(to, to: from) }
        case (.setMACAddress(let name, _), .macAddress(let text)):
            guard !text.isEmpty else { return }
            let mac = try macAddress(text)
            try ignoringMissing { () throws(NetlinkError) in try socket.setMAC(mac, ofLink: name) }
        case (.setMTU(let name, _), .mtu(let mtu)):
            try ignoringMissing { () throws(NetlinkError) in try socket.setMTU(mtu, ofLink: name) }
        case (.setMaster(let name, _), .master(let master)):
            let restored = try master.flatMap { name throws(StepError) in try link(name) == nil ? nil : name }
            try ignoringMissing { () throws(NetlinkError) in try socket.setMaster(restored, ofLink: name) }
        case (.setLearning(let name, _), .learning(let learning)):
            guard let learning, try link(name)?.learning != nil else { return }
            try ignoringMissing { () throws(NetlinkError) in try socket.setLearning(learning, ofPort: name) }
        case (.setLinkState(let name, _), .linkState(let up, let snapshot)):
            guard try link(name) != nil else { return }
            try ignoringMissing { () throws(NetlinkError) in try socket.setLink(name, up: up) }
            if up { try restore(snapshot) }
        case (.addAddress(let name, let address), .address(let present, _)):
            guard !present else { return }
            try ignoringMissing { () throws(NetlinkError) in try socket.deleteAddress(address, fromLink: name) }
        case (.removeAddress(let name, let address), .address(let present, let snapshot)):
            guard present, try link(name) != nil else { return }
            if let snapshot {
                // The snapshot holds the address with its scope and flags, and the routes it took along.
                try restore(snapshot)
            } else if try !has(address, on: name) {
                try netlink { () throws(NetlinkError) in try socket.addAddress(address, toLink: name) }
            }
        case (.setSysctl(let key, _), .sysctl(let value)):
            guard let value else { return }
            do {
                try handles.sysctl.write(key, value)
            } catch .system(_, let code) where code == ENOENT {
                return
            } catch {
                throw .sysctl(error)
            }
        case (.addNATRules, _), (.custom, _):
            throw .notHostOperation(step)
        default:
            throw .invalid("the journal's record of this step (\(prior)) does not fit it")
        }
    }

    /// Deletes the links `names` that still exist, together: moved into a group no link of the namespace uses,
    /// then the group deleted in one request, so the kernel waits once for all of them rather than once per link.
    func deleteLinks(_ names: [String]) throws(StepError) {
        let links = try netlink { () throws(NetlinkError) in try socket.links() }
        let existing = names.filter { name in links.contains { $0.name == name } }
        guard existing.count > 1 else {
            for name in existing {
                try ignoringMissing { () throws(NetlinkError) in try socket.deleteLink(named: name) }
            }
            return
        }
        let used = Set(links.map(\.group))
        let group = (Self.deletionGroups).first { !used.contains($0) }!
        for name in existing {
            try netlink { () throws(NetlinkError) in try socket.setGroup(group, ofLink: name) }
        }
        try netlink { () throws(NetlinkError) in try socket.deleteLinks(inGroup: group) }
    }

    /// Groups for deleting links together; a namespace has far fewer links than this range has numbers.
    private static let deletionGroups: ClosedRange<UInt32> = 0x766d_6e00...0x766d_6eff

    /// The addresses and routes of the link `name` that the kernel may drop and will not make again by itself.
    func snapshot(of name: String) throws(StepError) -> LinkSnapshot {
        let link = try existing(name)
        let addresses = try netlink { () throws(NetlinkError) in try socket.addresses() }
            .filter { $0.linkIndex == link.index }
        let routes = try netlink { () throws(NetlinkError) in try socket.routes() }
            .filter { $0.outputIndex == link.index }
        return LinkSnapshot(
            link: name, addresses: addresses.filter { !$0.local.address.isIPv6LinkLocal },
            routes: routes.filter { $0.origin != .kernel },
            linkLocalAddresses: addresses.filter { $0.local.address.isIPv6LinkLocal },
            kernelRoutes: routes.filter { $0.origin == .kernel })
    }

    private func has(_ address: IPNetwork, on name: String) throws(StepError) -> Bool {
        let link = try existing(name)
        return try netlink { () throws(NetlinkError) in try socket.addresses() }
            .contains { $0.linkIndex == link.index && $0.local == address }
    }

    func link(_ name: String) throws(StepError) -> Link? {
        try netlink { () throws(NetlinkError) in try socket.link(named: name) }
    }

    private func link(index: Int) throws(StepError) -> Link? {
        try netlink { () throws(NetlinkError) in try socket.links() }.first { $0.index == index }
    }

    func existing(_ name: String) throws(StepError) -> Link {
        guard let link = try link(name) else {
            throw .netlink(.refused(operation: "look up link \(name)", code: .noDevice, reason: "No such device"))
        }
        return link
    }

    private func macAddress(_ text: String) throws(StepError) -> MACAddress {
        do {
            return try MACAddress(parsing: text)
        } catch {
            throw .invalid("`\(text)` is not a MAC address")
        }
    }

    func netlink<T>(_ body: () throws(NetlinkError) -> T) throws(StepError) -> T {
        do {
            return try body()
        } catch {
            throw .netlink(error)
        }
    }

    /// Runs an undo that has nothing left to do when its link, address or route is already gone.
    func ignoringMissing(_ body: () throws(NetlinkError) -> Void) throws(StepError) {
        do {
            try body()
        } catch where error.isMissing {
            return
        } catch {
            throw .netlink(error)
        }
    }

    /// Runs a restore that has nothing left to do when the address or route is already there.
    func ignoringExisting(_ body: () throws(NetlinkError) -> Void) throws(StepError) {
        do {
            try body()
        } catch where error.code == .exists {
            return
        } catch {
            throw .netlink(error)
        }
    }
}
