import ArgumentParser

/// `vmnet plugins`: what was found in the plugin search path.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "Show the binding and backend plugins vmnet loads and the files it refuses; test a plugin file.",
        discussion: """
            Plugins are .so files found in the search path (see --plugin-path); docs/plugins.md explains \
            loading and every refusal reason with its fix.
            """,
        subcommands: [PluginsListCommand.self, PluginsInfoCommand.self, PluginsTestCommand.self]
    )
}
