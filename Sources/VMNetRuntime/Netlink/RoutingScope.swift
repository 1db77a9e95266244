/// The scope of an address or route (`rt_scope_t`): how far away the destination may be.
public struct RoutingScope: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The kernel value, 0 through 255.
    public let rawValue: UInt8

    /// Creates a scope from its kernel value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `RT_SCOPE_UNIVERSE`: global.
    public static let universe = RoutingScope(rawValue: 0)
    /// `RT_SCOPE_SITE`.
    public static let site = RoutingScope(rawValue: 200)
    /// `RT_SCOPE_LINK`: directly attached, e.g. `fe80::/64`.
    public static let link = RoutingScope(rawValue: 253)
    /// `RT_SCOPE_HOST`: this host only, e.g. `127.0.0.1`.
    public static let host = RoutingScope(rawValue: 254)
    /// `RT_SCOPE_NOWHERE`.
    public static let nowhere = RoutingScope(rawValue: 255)

    /// The name `ip` prints (`global`, `link`, `host`…), or the number.
    public var description: String {
        switch self {
        case .universe: "global"
        case .site: "site"
        case .link: "link"
        case .host: "host"
        case .nowhere: "nowhere"
        default: String(rawValue)
        }
    }
}
