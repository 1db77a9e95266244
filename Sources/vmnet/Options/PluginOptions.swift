import ArgumentParser
import Glibc
import VMNetCore
import VMNetEngine
import VMNetPluginHost

/// Where plugins are searched, shared by every command that needs drivers.
struct PluginOptions: ParsableArguments {
    @Option(
        name: .customLong("plugin-path"),
        help: ArgumentHelp(
            "A folder to search for plugins before the others; repeatable. Then come $VMNET_PLUGIN_PATH "
                + "(colon-separated), vmnet's own folder, ../lib/vmnet/plugins beside it, "
                + "/usr/local/lib/vmnet/plugins and /usr/lib/vmnet/plugins. Plugin descriptions are cached in "
                + "$VMNET_PLUGIN_CACHE (a file, or 'off'; default /run/vmnet/plugins.json for root), so a command "
                + "opens only the plugins it calls; 'plugins list', 'info' and 'test' open every one.",
            valueName: "dir"))
    var pluginPaths: [String] = []

    func validate() throws {
        for path in pluginPaths {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                throw ValidationError("--plugin-path \(path): no such folder")
            }
        }
    }

    /// Loads every plugin of the search path, each opened and described now: what `plugins list` and
    /// `plugins info` show, load times included.
    func registry() -> PluginRegistry {
        PluginRegistry(searchPath: .standard(options: pluginPaths))
    }

    /// The drivers of the search path, described from the plugin cache where it holds them unchanged and opened
    /// on their first call; each refused plugin is reported on standard error, since a manifest that needs it will
    /// otherwise only say that no plugin provides it. Shadowed duplicates are listed by `vmnet plugins list` only.
    func drivers() -> DriverSet {
        let registry = PluginRegistry(searchPath: .standard(options: pluginPaths), cache: .standard())
        for refusal in registry.refused where !refusal.isShadowed {
            StandardStream.error.write("vmnet: warning: \(refusal)\n")
        }
        return registry.drivers
    }
}
