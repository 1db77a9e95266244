import Glibc
import VMNetCore
import VMNetRuntime

/// Each kind of host step on an embedded namespace: what it changes, the change, and its undo, which tolerates
/// finding the step never made and its links gone.
extension EmbeddedOperations {
    static func prior(of step: HostStep, in namespace: EmbeddedNamespace) throws(StepError) -> PriorState {
        switch step {
        case .createBridge(let name, _, _), .createTap(let name, _, _, _, _), .createMACVLAN(let name, _, _, _):
            if namespace.link(name) != nil { throw .linkTaken(name) }
            return .newLink(name: name)
        case .renameLink(let from, _):
            return .linkName(was: from)
        case .setMACAddress(let name, _):
            return .macAddress(was: try existing(name, in: namespace).mac?.description ?? "")
        case .setMTU(let name, _):
            return .mtu(was: try existing(name, in: namespace).mtu)
        case .setMaster(let name, _):
            let master = try existing(name, in: namespace).masterIndex
            return .master(was: master.flatMap { index in namespace.links.first { $0.index == index }?.name })
        case .setLearning(let name, _):
            return .learning(was: try existing(name, in: namespace).learning)
        case .setLinkState(let name, _):
            return .linkState(up: try existing(name, in: namespace).isUp, snapshot: try snapshot(of: name, in: namespace))
        case .addAddress(let name, let address):
            return .address(present: try has(address, on: name, in: namespace), snapshot: nil)
        case .removeAddress(let name, let address):
            return .address(present: try has(address, on: name, in: namespace), snapshot: try snapshot(of: name, in: namespace))
        case .setSysctl(let key, _):
            return .sysctl(was: namespace.sysctls[key])
        case .addNATRules, .custom:
            throw .notHostOperation(step)
        }
    }

    static func apply(_ step: HostStep, prior: PriorState, to namespace: inout EmbeddedNamespace) throws(StepError) {
        switch step {
        case .createBridge(let name, let mac, let mtu):
            let address = try mac.map { text throws(StepError) in try macAddress(text) }
            try netlink { () throws(NetlinkError) in try namespace.addLink(name, kind: "bridge", mac: address, mtu: mtu ?? 1500) }
        case .createTap(let name, let mtu, _, _, _):
            // One operation: a tap whose MTU is refused is not kept.
            try netlink { () throws(NetlinkError) in
                try namespace.addLink(name, kind: "tun")
                try namespace.setMTU(mtu, of: name)
            }
        case .createMACVLAN(let name, let parent, let text, let characterDevice):
            let mac = try macAddress(text)
            let mtu = try existing(parent, in: namespace).mtu
            try netlink { () throws(NetlinkError) in
                try namespace.addLink(name, kind: RouteSocket.macvlanKind(characterDevice: characterDevice), mac: mac, mtu: mtu)
            }
        case .renameLink(let from, let to):
            try netlink { () throws(NetlinkError) in try namespace.renameLink(from, to: to) }
        case .setMACAddress(let name, let text):
            let mac = try macAddress(text)
            try netlink { () throws(NetlinkError) in try namespace.setMAC(mac, of: name) }
        case .setMTU(let name, let mtu):
            try netlink { () throws(NetlinkError) in try namespace.setMTU(mtu, of: name) }
        case .setMaster(let name, let master):
            try netlink { () throws(NetlinkError) in try namespace.setMaster(master, of: name) }
        case .setLearning(let name, let enabled):
            try netlink { () throws(NetlinkError) in try namespace.setLearning(enabled, ofPort: name) }
        case .setLinkState(let name, let up):
            try netlink { () throws(NetlinkError) in try namespace.setLink(name, up: up) }
        case .addAddress(let name, let address):
            if case .address(present: true, _) = prior { return }
            try netlink { () throws(NetlinkError) in try namespace.addAddress(address, to: name) }
        case .removeAddress(let name, let address):
            guard case .address(present: true, _) = prior else { return }
            try netlink { () throws(NetlinkError) in try namespace.deleteAddress(address, from: name) }
        case .setSysctl(let key, let value):
            _ = try Self.value(of: key, in: namespace)
            namespace.sysctls[key] = value
        case .addNATRules, .custom:
            throw .notHostOperation(step)
        }
    }

    static func undo(_ step: HostStep, prior: PriorState, in namespace: inout EmbeddedNamespace) throws(StepError) {
        switch (step, prior) {
        case (_, .newLink(let name)):
            guard namespace.link(name) != nil else { return }
            try netlink { () throws(NetlinkError) in try namespace.deleteLink(name) }
        case (.renameLink(let from, let to), _):
            guard namespace.link(to) != nil, namespace.link(from) == nil else { return }
            try netlink { () throws(NetlinkError) in try namespace.renameLink(to, to: from) }
        case (.setMACAddress(let name, _), .macAddress(let text)):
            guard !text.isEmpty, namespace.link(name) != nil else { return }
            let mac = try macAddress(text)
            try netlink { () throws(NetlinkError) in try namespace.setMAC(mac, of: name) }
        case (.setMTU(let name, _), .mtu(let mtu)):
            guard namespace.link(name) != nil else { return }
            try netlink { () throws(NetlinkError) in try namespace.setMTU(mtu, of: name) }
        case (.setMaster(let name, _), .master(let master)):
            guard namespace.link(name) != nil else { return }
            let restored = master.flatMap { namespace.link($0) == nil ? nil : $0 }
            try netlink { () throws(NetlinkError) in try namespace.setMaster(restored, of: name) }
        case (.setLearning(let name, _), .learning(let learning)):
            guard let learning, namespace.link(name)?.learning != nil else { return }
            try netlink { () throws(NetlinkError) in try namespace.setLearning(learning, ofPort: name) }
        case (.setLinkState(let name, _), .linkState(let up, let snapshot)):
            guard namespace.link(name) != nil else { return }
            try netlink { () throws(NetlinkError) in try namespace.setLink(name, up: up) }
            if up { try restore(snapshot, in: &namespace) }
        case (.addAddress(let name, let address), .address(let present, _)):
            guard !present, try has(address, on: name, in: namespace, missingLink: false) else { return }
            try netlink { () throws(NetlinkError) in try namespace.deleteAddress(address, from: name) }
        case (.removeAddress(let name, let address), .address(let present, let snapshot)):
            guard present, namespace.link(name) != nil else { return }
            if let snapshot {
                try restore(snapshot, in: &namespace)
            } else if try !has(address, on: name, in: namespace) {
                try netlink { () throws(NetlinkError) in try namespace.addAddress(address, to: name) }
            }
        case (.setSysctl(let key, _), .sysctl(let value)):
            guard let value, namespace.sysctls[key] != nil else { return }
            namespace.sysctls[key] = value
        case (.addNATRules, _), (.custom, _):
            throw .notHostOperation(step)
        default:
            throw .invalid("the journal's record of this step (\(prior)) does not fit it")
        }
    }

    /// The addresses and routes of the link `name` that the namespace would drop, as `LinkSnapshot` holds them.
    private static func snapshot(of name: String, in namespace: EmbeddedNamespace) throws(StepError) -> LinkSnapshot {
        let link = try existing(name, in: namespace)
        let routes = namespace.routes(through: link.index)
        return LinkSnapshot(
            link: name, addresses: namespace.addresses.filter { $0.linkIndex == link.index },
            routes: routes.filter { $0.origin != .kernel }, linkLocalAddresses: [],
            kernelRoutes: routes.filter { $0.origin == .kernel })
    }

    /// Puts back the addresses and, on a link that is up, the routes of `snapshot` that the link lacks, and drops
    /// the subnet routes the snapshot did not hold.
    private static func restore(_ snapshot: LinkSnapshot, in namespace: inout EmbeddedNamespace) throws(StepError) {
        guard let link = namespace.link(snapshot.link) else { return }
        for address in snapshot.addresses where try !has(address.local, on: link.name, in: namespace) {
            try netlink { () throws(NetlinkError) in
                try namespace.addAddress(
                    address.local, to: link.name, scope: address.scope, flags: address.flags, broadcast: address.broadcast)
            }
        }
        guard link.isUp else { return }
        if let kept = snapshot.kernelRoutes {
            for route in namespace.routes(through: link.index) where route.origin == .kernel
                && !kept.contains(where: { $0.destination == route.destination && $0.priority == route.priority }) {
                try netlink { () throws(NetlinkError) in try namespace.deleteRoute(route) }
            }
        }
        let missing = snapshot.routes.filter { $0.gateway == nil } + snapshot.routes.filter { $0.gateway != nil }
        for var route in missing {
            route.outputIndex = link.index
            guard !namespace.routes.contains(where: { EmbeddedNamespace.same($0, route) }) else { continue }
            try netlink { () throws(NetlinkError) in try namespace.addRoute(route) }
        }
    }

    private static func existing(_ name: String, in namespace: EmbeddedNamespace) throws(StepError) -> Link {
        try netlink { () throws(NetlinkError) in try namespace.existing(name, "look up link \(name)") }
    }

    /// Whether the link `name` has `address`; a missing link throws, unless `missingLink` is false (then: no).
    private static func has(
        _ address: IPNetwork, on name: String, in namespace: EmbeddedNamespace, missingLink: Bool = true
    ) throws(StepError) -> Bool {
        guard missingLink || namespace.link(name) != nil else { return false }
        let link = try existing(name, in: namespace)
        return namespace.addresses.contains { $0.linkIndex == link.index && $0.local == address }
    }

    private static func macAddress(_ text: String) throws(StepError) -> MACAddress {
        do {
            return try MACAddress(parsing: text)
        } catch {
            throw .invalid("`\(text)` is not a MAC address")
        }
    }
}
