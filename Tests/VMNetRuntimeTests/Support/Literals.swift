import VMNetCore

/// `ADDRESS/LENGTH`, or a bare address as a host network, from a literal the test knows to be valid.
func network(_ text: String) -> IPNetwork {
    if let address = IPAddress(text) { return IPNetwork(host: address) }
    return try! IPNetwork(parsing: text)
}

/// A MAC address from a literal the test knows to be valid.
func mac(_ text: String) -> MACAddress {
    try! MACAddress(parsing: text)
}
