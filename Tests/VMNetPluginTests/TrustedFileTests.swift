import Foundation
import Testing
import VMNetPluginHost

@Suite("The loader opens a plugin file once, checks the descriptor and loads what it checked")
struct TrustedFileTests {
    /// Builds the C plugin `macvtap.c` into `folder` as `name`.
    private func macvtap(in folder: String, as name: String = "libVMNetBindingMacvtap.so") throws -> String {
        try compileCPlugin("macvtap.c", to: folder + "/" + name)
        return folder + "/" + name
    }

    private func registry(_ folders: String...) -> PluginRegistry {
        PluginRegistry(searchPath: PluginSearchPath(folders: folders.map { .init(path: $0, origin: .option) }))
    }

    @Test("the object loaded is the file whose descriptor was checked, though the path names another file right after the check")
    func loadsWhatWasChecked() throws {
        let folder = try TemporaryFolder()
        let plugins = try folder.folder("plugins")
        let path = try macvtap(in: plugins)
        let other = plugins + "/other.so.new"
        try compileCPlugin("broken.c", defines: [#"PLUGIN_NAME="other""#], to: other)

        let checked = try TrustedFile(opening: path)
        #expect(rename(other, path) == 0)
        let object = try SharedObject(loading: checked)
        #expect(try RawPlugin(object).name == "cmacvtap")
        #expect(checked.identity != FileIdentity(path: path), "the path now names the other file")
        #expect(try PluginLoader().load(path).name == "other", "the file now at the path loads as itself")
    }

    @Test("a plugin in a folder its group or others may write to is refused, sticky or not", arguments: [0o775, 0o757, 0o1777])
    func writableFolder(mode: Int) throws {
        let folder = try TemporaryFolder()
        let plugins = try folder.folder("plugins")
        let path = try macvtap(in: plugins)
        chmod(plugins, mode_t(mode))
        let registry = registry(plugins)
        #expect(registry.plugins.isEmpty)
        #expect(registry.refused == [.writableFolder(path: path, folder: plugins)])
        #expect(registry.refused.first?.reason == "writable-folder")
        #expect(registry.refused.first?.message.hasSuffix("(chmod go-w \(plugins), or install the plugin in a folder only root or you can write to)") == true)
    }

    @Test("a symbolic link to a plugin loads the file it leads to, and both folders are checked")
    func symbolicLink() throws {
        let folder = try TemporaryFolder()
        let links = try folder.folder("links")
        let target = try macvtap(in: try folder.folder("files"))
        let link = links + "/libLinked.so"
        #expect(symlink(target, link) == 0)

        let loaded = registry(links)
        #expect(loaded.plugins.map(\.name) == ["cmacvtap"])
        #expect(loaded.plugins.map(\.file) == [link])
        #expect(loaded.refused == [])

        chmod(folder.path + "/files", 0o777)
        #expect(registry(links).refused == [.writableFolder(path: link, folder: folder.path + "/files")])
        chmod(folder.path + "/files", 0o755)
        chmod(links, 0o777)
        #expect(registry(links).refused == [.writableFolder(path: link, folder: links)])
    }
}
