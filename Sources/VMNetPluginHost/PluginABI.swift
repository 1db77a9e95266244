internal import CVMNetPlugin

/// The facts of the C plugin ABI this loader reads, from `vmnet_plugin.h`.
public enum PluginABI {
    /// The descriptor layout version this loader reads.
    public static let version: UInt32 = VMNET_PLUGIN_ABI_VERSION
    /// The one symbol a plugin exports.
    public static let entrySymbol = VMNET_PLUGIN_ENTRY_SYMBOL
}
