import VMNetPluginKit

/// The plugin's entry symbol: the one symbol the .so exports.
@c(vmnet_plugin_entry) public func entry() -> UnsafeRawPointer { PluginExport.binding(TapBinding()) }
