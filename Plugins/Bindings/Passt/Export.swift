import VMNetPluginKit

/// The plugin's entry symbol: vmnet loads this .so like any third party's.
@c(vmnet_plugin_entry) public func entry() -> UnsafeRawPointer { PluginExport.binding(PasstBinding()) }
