/// Prices as integer millionths of a credit per share (`price_micros`), parsed exactly from decimal
/// text: a source's "0.53" is 530000, never the nearest `Double`.
public enum PriceMicros {
    /// 1 credit per share: the price of an outcome that has won.
    public static let one = 1_000_000

    /// Parses a decimal price between 0 and 1 ("0.53", "1", ".5", "0.0000005", "5e-7") into millionths.
    ///
    /// Digits beyond the sixth fraction digit are rounded half up (the only rounding, named here):
    /// "0.0000005" is 1, "0.0000004" is 0. Nil for signs, garbage, or a value above 1.
    public static func parse(_ text: String) -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces)
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            // Exponents far outside a price's range would only build huge digit strings.
            guard let value = Int(text[text.index(after: e)...]), abs(value) <= 30 else { return nil }
            exponent = value
            mantissa = text[..<e]
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(integer.isEmpty && fraction.isEmpty), (integer + fraction).allSatisfy(\.isASCIIDigit) else { return nil }
        // Move the decimal point by the exponent: digits, and where the point now is.
        let digits = Array(integer + fraction)
        let point = integer.count + exponent
        let whole: [Character] = point <= 0 ? [] : Array(digits.prefix(point)) + Array(repeating: "0", count: max(0, point - digits.count))
        let decimals: [Character] = point < 0 ? Array(repeating: "0", count: -point) + digits : Array(digits.dropFirst(max(0, point)))
        let wholeValue = whole.drop(while: { $0 == "0" })
        guard wholeValue.count <= 1, let units = wholeValue.isEmpty ? 0 : Int(String(wholeValue)) else { return nil }
        let six = decimals.prefix(6) + Array(repeating: "0", count: max(0, 6 - decimals.count))
        var micros = units * one + Int(String(six))!
        if decimals.count > 6, let next = decimals[6].wholeNumberValue, next >= 5 { micros += 1 }
        return micros <= one ? micros : nil
    }

    /// The display form of a price (the API's `price`); never used for arithmetic.
    public static func display(_ micros: Int) -> Double {
        Double(micros) / Double(one)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
