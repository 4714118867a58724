/// How the text of a QR code is encoded: digits three to 10 bits, or any text as UTF-8 bytes.
public enum QRMode: Sendable, Equatable {
    case numeric
    case byte

    /// Numeric for digits only, bytes otherwise.
    static func best(for text: String) -> QRMode {
        !text.isEmpty && text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? .numeric : .byte
    }

    /// The mode indicator (ISO/IEC 18004 table 2).
    var indicator: Int {
        switch self {
        case .numeric: 0b0001
        case .byte: 0b0100
        }
    }

    /// Bits of the character count in versions 1–9.
    var countBits: Int {
        switch self {
        case .numeric: 10
        case .byte: 8
        }
    }

    /// Bits the segment takes: indicator, count and data.
    func bitLength(of text: String) -> Int {
        switch self {
        case .numeric:
            let digits = text.utf8.count
            return 4 + countBits + 10 * (digits / 3) + [0, 4, 7][digits % 3]
        case .byte:
            return 4 + countBits + 8 * text.utf8.count
        }
    }

    /// Appends the segment (indicator, count, data) to `buffer`.
    func append(_ text: String, to buffer: inout QRBitBuffer) {
        let bytes = Array(text.utf8)
        buffer.append(indicator, length: 4)
        buffer.append(bytes.count, length: countBits)
        switch self {
        case .numeric:
            for start in stride(from: 0, to: bytes.count, by: 3) {
                let group = bytes[start..<min(start + 3, bytes.count)]
                let value = group.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                buffer.append(value, length: group.count * 3 + 1)
            }
        case .byte:
            for byte in bytes { buffer.append(Int(byte), length: 8) }
        }
    }
}
