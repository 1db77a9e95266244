import Glibc
import VMNetCore
import VMNetSystem

/// A device's folder in sysfs (`<root>/bus/pci/devices/<address>`): the SR-IOV entries libpci does not read.
struct SysfsDevice {
    /// The folder's path.
    let path: String

    /// The folder of the device at `address` under the sysfs tree at `root`.
    init(root: String, address: PCIAddress) {
        path = "\(root)/bus/pci/devices/\(address)"
    }

    /// The integer in the entry `name` (e.g. `sriov_totalvfs`), `nil` when there is no such entry.
    func integer(_ name: String) throws(SRIOVError) -> Int? {
        guard let text = try contents(name) else { return nil }
        let trimmed = text.filter { !$0.isWhitespace }
        guard let value = Int(trimmed) else { throw .malformedEntry(path: "\(path)/\(name)", content: trimmed) }
        return value
    }

    /// The device a link such as `physfn` or `virtfn0` points at (`../0000:81:00.0`), `nil` when there is no link.
    func linkedDevice(_ name: String) throws(SRIOVError) -> PCIAddress? {
        let link = "\(path)/\(name)"
        var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(link, &target, target.count - 1)
        guard count >= 0 else {
            if errno == ENOENT { return nil }
            throw .unreadable(path: link, reason: String(cString: strerror(errno)))
        }
        let destination = String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let last = String(destination.split(separator: "/").last ?? "")
        do {
            return try PCIAddress(parsing: last)
        } catch {
            throw .malformedEntry(path: link, content: destination)
        }
    }

    /// The VF indexes of the folder's `virtfnN` links, in increasing order.
    func virtualFunctionIndexes() throws(SRIOVError) -> [Int] {
        guard let directory = opendir(path) else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { closedir(directory) }
        var indexes: [Int] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("virtfn"), let index = Int(name.dropFirst("virtfn".count)) {
                indexes.append(index)
            }
        }
        return indexes.sorted()
    }

    /// The text of the entry `name`, `nil` when there is no such entry.
    private func contents(_ name: String) throws(SRIOVError) -> String? {
        let file = "\(path)/\(name)"
        do {
            return String(decoding: try readAll(file), as: UTF8.self)
        } catch where error.code == ENOENT {
            return nil
        } catch {
            throw .unreadable(path: file, reason: error.reason)
        }
    }
}
