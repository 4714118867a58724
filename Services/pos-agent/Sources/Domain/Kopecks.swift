/// An exact amount of money in kopecks (1/100 rouble); money never goes through floating point.
public struct Kopecks: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Int64

    public init(_ value: Int64) { self.value = value }

    /// More integer digits than this cannot be a till receipt and would risk Int64 overflow.
    static let maxIntegerDigits = 15

    /// Parses the literal text of a non-negative decimal number of roubles with at most two fraction digits.
    ///
    /// Accepts `1234`, `1234.5`, `1234.50`, `0.01`; rejects a sign, an exponent (`1e3`: 1C never writes one, and
    /// rejecting it keeps the rule simple and exact), more than two fraction digits, `.5`, `5.`, spaces and anything else.
    public static func parse(roubles text: String) throws(AmountParseError) -> Kopecks {
        let bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "-") { throw .negative(text) }
        if bytes.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
            bytes.allSatisfy({ isDigit($0) || Array("eE.+-".utf8).contains($0) })
        {
            throw .exponent(text)
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts[0]
        let fraction = parts.count > 1 ? parts[1] : []
        guard !integer.isEmpty, integer.allSatisfy(isDigit), parts.count == 1 || !fraction.isEmpty, fraction.allSatisfy(isDigit) else {
            throw .notANumber(text)
        }
        if fraction.count > 2 { throw .tooManyFractionDigits(text) }
        if integer.count > maxIntegerDigits { throw .tooLarge(text) }
        var kopecks: Int64 = 0
        for digit in integer { kopecks = kopecks * 10 + Int64(digit - UInt8(ascii: "0")) }
        var scale = 2
        for digit in fraction {
            kopecks = kopecks * 10 + Int64(digit - UInt8(ascii: "0"))
            scale -= 1
        }
        for _ in 0..<scale { kopecks *= 10 }
        return Kopecks(kopecks)
    }

    /// Roubles with exactly two decimals, as the backend expects: `123450` → `"1234.50"`.
    public var roublesText: String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public var description: String { roublesText }

    public static func < (lhs: Kopecks, rhs: Kopecks) -> Bool { lhs.value < rhs.value }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
