/// Encodes rows in COPY's text format into a byte buffer that is flushed with `PQputCopyData` in chunks.
struct CopyTextEncoder {
    private(set) var buffer: [UInt8] = []

    init(capacity: Int) {
        buffer.reserveCapacity(capacity)
    }

    var count: Int { buffer.count }

    /// Appends one row: fields separated by tab, NULL as `\N`; backslash, tab, newline and CR escaped
    /// (anything else, including all non-ASCII UTF-8, passes through byte for byte).
    mutating func append(_ row: [String?]) throws {
        for (index, field) in row.enumerated() {
            if index > 0 { buffer.append(0x09) }
            guard let field else {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "\\"):
                    buffer.append(0x5C)
                    buffer.append(0x5C)
                case 0x09:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "t"))
                case 0x0A:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "n"))
                case 0x0D:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "r"))
                case 0x00:
                    throw StoreError(kind: .invalidInput, message: "COPY field contains a NUL byte, which Postgres text cannot hold")
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(0x0A)
    }

    /// Hands over the encoded bytes and starts an empty buffer of the same capacity.
    mutating func take() -> [UInt8] {
        let chunk = buffer
        buffer.removeAll(keepingCapacity: true)
        return chunk
    }
}
