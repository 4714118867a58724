/// A cursor over ASCII bytes for the timestamp parser.
struct ByteScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func skip(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { Array($0) == Array(bytes[position..<position + count]) }
        if matches { position += count }
        return matches
    }

    func peekDigit() -> Bool {
        position < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position])
    }

    mutating func digits() -> String? {
        let start = position
        while peekDigit() { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
        let start = position
        var value: Int64 = 0
        while peekDigit(), position - start < maxDigits {
            value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        guard position - start >= minDigits else {
            position = start
            return nil
        }
        return value
    }

    /// `+1` or `-1` after consuming a sign, nil when there is none.
    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
