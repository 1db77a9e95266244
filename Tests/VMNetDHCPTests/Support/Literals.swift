import VMNetDHCP

// Literal addresses keep the specifications readable; a typo traps the test that contains it.

extension IPv4Address: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        try! self.init(parsing: text)
    }
}

extension IPv6Address: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        try! self.init(parsing: text)
    }
}

extension HardwareAddress: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        try! self.init(parsing: text)
    }
}
