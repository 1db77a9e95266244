import VMNetPluginKit

/// The plugin's entry symbol.
@c(vmnet_plugin_entry) public func entry() -> UnsafeRawPointer { PluginExport.binding(SampleBinding()) }
