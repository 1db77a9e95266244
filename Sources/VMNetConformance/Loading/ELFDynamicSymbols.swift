import FoundationEssentials

/// The symbols a shared object exports: the defined global and weak entries of its ELF dynamic symbol table
/// (`.dynsym`), as `nm -D -g --defined-only` lists them, read from the file without loading it.
struct ELFDynamicSymbols {
    /// Why the table cannot be read.
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The exported names, sorted.
    let names: [String]

    /// Reads the table of the 64-bit little-endian ELF file at `path`.
    init(path: String) throws(ReadError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(description: "the file cannot be read")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 64, bytes[0..<4] == [0x7f, 0x45, 0x4c, 0x46] else {
            throw ReadError(description: "not an ELF file")
        }
        guard bytes[4] == 2, bytes[5] == 1 else {
            throw ReadError(description: "not a 64-bit little-endian ELF file, which is all this suite reads")
        }
        let file = ELFBytes(bytes: bytes)
        let sectionTable = try file.integer(at: 0x28, size: 8)
        let sectionSize = try file.integer(at: 0x3a, size: 2)
        let sectionCount = try file.integer(at: 0x3c, size: 2)
        var names: [String] = []
        var found = false
        for index in 0..<sectionCount {
            let header = sectionTable + index * sectionSize
            // SHT_DYNSYM
            guard try file.integer(at: header + 4, size: 4) == 11 else { continue }
            found = true
            let offset = try file.integer(at: header + 0x18, size: 8)
            let size = try file.integer(at: header + 0x20, size: 8)
            let link = try file.integer(at: header + 0x28, size: 4)
            let entrySize = max(try file.integer(at: header + 0x38, size: 8), 24)
            let strings = try file.integer(at: sectionTable + link * sectionSize + 0x18, size: 8)
            for symbol in stride(from: offset, to: offset + size, by: entrySize) {
                let info = try file.integer(at: symbol + 4, size: 1)
                let section = try file.integer(at: symbol + 6, size: 2)
                let binding = info >> 4, type = info & 0xf
                // Defined (not SHN_UNDEF), global, weak or unique, and not a section or file entry.
                guard section != 0, [1, 2, 10].contains(binding), ![3, 4].contains(type) else { continue }
                let name = try file.string(at: strings + file.integer(at: symbol, size: 4))
                if !name.isEmpty { names.append(name) }
            }
        }
        guard found else { throw ReadError(description: "it has no dynamic symbol table") }
        self.names = names.sorted()
    }
}

/// Bounds-checked reads of an ELF file's bytes.
private struct ELFBytes {
    let bytes: [UInt8]

    /// The little-endian unsigned integer of `size` bytes at `offset`.
    func integer(at offset: Int, size: Int) throws(ELFDynamicSymbols.ReadError) -> Int {
        guard offset >= 0, offset + size <= bytes.count else {
            throw ELFDynamicSymbols.ReadError(description: "the file is truncated (an offset points past its end)")
        }
        var value = 0
        for index in (0..<size).reversed() {
            value = value << 8 | Int(bytes[offset + index])
        }
        return value
    }

    /// The NUL-terminated string at `offset`.
    func string(at offset: Int) throws(ELFDynamicSymbols.ReadError) -> String {
        guard offset >= 0, offset < bytes.count else {
            throw ELFDynamicSymbols.ReadError(description: "the file is truncated (a symbol name points past its end)")
        }
        let end = bytes[offset...].firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }
}
