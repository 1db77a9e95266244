/// Rows of text cells in aligned columns, two spaces apart, the last column unpadded: how `plugins list` and
/// `sriov list` print.
enum TextTable {
    /// One line per row.
    static func lines(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            zip(row, widths).enumerated().map { index, cell in
                index == row.count - 1 ? cell.0 : pad(cell.0, to: cell.1)
            }.joined(separator: "  ")
        }
    }

    /// `text` followed by spaces up to `width` characters.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
