import Foundation
import Testing
import VMNetCore

@Suite("PCI addresses")
struct PCIAddressTests {
    @Test("parses DDDD:BB:SS.F in either case and prints it in lower case")
    func parses() throws {
        let address = try PCIAddress(parsing: "0000:AF:1f.7")
        #expect(address == PCIAddress(domain: 0, bus: 0xaf, slot: 0x1f, function: 7))
        #expect(address.description == "0000:af:1f.7")
    }

    @Test(
        "refuses anything KubeVirt's pattern refuses",
        arguments: [
            "", "0000:81:00", "000:81:00.1", "0000:81:00.8", "0000-81-00.1", "0000:81:0g.1", " 0000:81:00.1",
            "0000:81:00.1 ", "00000:81:00.1", "+000:81:00.1",
        ])
    func refuses(text: String) {
        #expect(throws: PCIAddressError.malformed(text)) { try PCIAddress(parsing: text) }
    }

    @Test("leaves slots above 0x1f to libvirt, as KubeVirt's pattern does")
    func keepsHighSlots() throws {
        #expect(try PCIAddress(parsing: "0000:00:ff.0").slot == 0xff)
    }

    @Test("says how to write one")
    func explains() {
        #expect(
            PCIAddressError.malformed("81:00.1").description
                == "'81:00.1' is not a PCI address: write it as DDDD:BB:SS.F, with a hexadecimal domain, bus and "
                + "slot and a function 0-7, e.g. 0000:81:00.1")
    }

    @Test("is coded as its DDDD:BB:SS.F string")
    func codes() throws {
        let data = try JSONEncoder().encode([PCIAddress(bus: 0x81, slot: 0, function: 1)])
        #expect(String(decoding: data, as: UTF8.self) == #"["0000:81:00.1"]"#)
        #expect(
            try JSONDecoder().decode([PCIAddress].self, from: data) == [PCIAddress(bus: 0x81, slot: 0, function: 1)])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PCIAddress].self, from: Data(#"["81:00.1"]"#.utf8))
        }
    }
}
