/// Exact reading of numbers written in JSON number syntax — proto3 JSON values, also when they
/// arrive as strings or as query parameters: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
/// and nothing else (no `+`, no leading zeros, no spaces, no hex, no trailing text).
public enum NumberLiteral {
    /// Whether `text` is a JSON number.
    public static func isWellFormed(_ text: String) -> Bool {
        parts(text) != nil
    }

    /// What an exact reading of a number found.
    public enum Reading<T: FixedWidthInteger>: Equatable {
        case value(T)
        /// Not JSON number syntax.
        case malformed
        /// A number, but with more fraction than the reading keeps.
        case notWhole
        /// A whole number outside `T`.
        case outOfRange
    }

    /// The value of `text` when it is a JSON number whose value is a whole number within `T`
    /// (`"7"`, `"7.0"`, `"1e3"`); nil otherwise (`"7x"`, `"+7"`, `"0x7"`, `" 7"`, `"007"`, `"1.5"`,
    /// `"1e-1"`, out-of-range values).
    public static func integer<T: FixedWidthInteger>(_ text: String, as _: T.Type = T.self) -> T? {
        guard case .value(let value) = scaled(text, by: 0, as: T.self) else { return nil }
        return value
    }

    /// `text` × 10^`decimals`, exactly: `scaled("12.5", by: 2)` is 1250 (kopecks of roubles);
    /// `notWhole` when the product still has a fraction (`"0.001"` by 2).
    public static func scaled<T: FixedWidthInteger>(_ text: String, by decimals: Int, as _: T.Type = T.self) -> Reading<T> {
        guard let (negative, whole, fraction, exponent) = parts(text) else { return .malformed }
        // value = digits × 10^(exponent + decimals − fraction digits); whole when the dropped digits are zeros.
        var digits = whole + fraction
        var shift = exponent + decimals - fraction.count
        while digits.count > 1, digits.first == zero { digits.removeFirst() }
        if digits == [zero] { return .value(0) }
        if shift < 0 {
            guard -shift < digits.count, digits.suffix(-shift).allSatisfy({ $0 == zero }) else { return .notWhole }
            digits.removeLast(-shift)
            shift = 0
        }
        // No FixedWidthInteger we use has more than 39 digits.
        guard digits.count + shift <= 40 else { return .outOfRange }
        digits += Array(repeating: zero, count: shift)
        var value: T = 0
        for digit in digits {
            let (scaled, overflowed) = value.multipliedReportingOverflow(by: 10)
            let step = T(digit - zero)
            let (next, stepOverflowed) = negative ? scaled.subtractingReportingOverflow(step) : scaled.addingReportingOverflow(step)
            guard !overflowed, !stepOverflowed else { return .outOfRange }
            value = next
        }
        return .value(value)
    }

    private static let zero = UInt8(ascii: "0")

    /// Sign, integer digits, fraction digits and exponent of a JSON number; nil when it is not one.
    private static func parts(_ text: String) -> (negative: Bool, whole: [UInt8], fraction: [UInt8], exponent: Int)? {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> [UInt8] {
            let start = index
            while index < bytes.count, bytes[index] >= zero, bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return Array(bytes[start..<index])
        }
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index += 1 }
        let whole = digits()
        guard let first = whole.first, first != zero || whole.count == 1 else { return nil }
        var fraction: [UInt8] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fraction = digits()
            guard !fraction.isEmpty else { return nil }
        }
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentDigits = digits()
            guard !exponentDigits.isEmpty else { return nil }
            // Past 4 digits the value is 0 or beyond any integer; keep the arithmetic small.
            let magnitude = exponentDigits.count > 4 ? 10_000 : exponentDigits.reduce(0) { $0 * 10 + Int($1 - zero) }
            exponent = exponentNegative ? -magnitude : magnitude
        }
        guard index == bytes.count else { return nil }
        return (negative, whole, fraction, exponent)
    }
}
