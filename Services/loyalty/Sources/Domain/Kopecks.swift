import Foundation

/// Exact decimal roubles ↔ integer kopecks; money never passes through floating point.
public enum Kopecks {
    /// The largest purchase accepted: 10 million roubles, far above any till receipt.
    public static let maximum: Int64 = 1_000_000_000

    /// Why a text is not an amount.
    public enum Problem: Error, Equatable {
        /// Not a decimal number at all (signs, letters, spaces inside, empty text).
        case malformed
        /// A fraction of a kopeck.
        case tooPrecise
        /// Above `maximum`.
        case tooLarge
    }

    /// Parses `"1234.5"`, `"1234.50"`, `"1234"` — or a JSON number's exponent form such as
    /// `"1.5e3"` — into kopecks, exactly; anything else says what is wrong with it.
    public static func read(_ text: String) -> Result<Int64, Problem> {
        let trimmed = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func digits() -> [UInt8] {
            let start = index
            while index < trimmed.count, trimmed[index] >= UInt8(ascii: "0"), trimmed[index] <= UInt8(ascii: "9") { index += 1 }
            return Array(trimmed[start..<index])
        }
        let whole = digits()
        guard !whole.isEmpty else { return .failure(.malformed) }
        var fraction: [UInt8] = []
        if index < trimmed.count, trimmed[index] == UInt8(ascii: ".") {
            index += 1
            fraction = digits()
            guard !fraction.isEmpty else { return .failure(.malformed) }
        }
        var exponent = 0
        if index < trimmed.count, trimmed[index] == UInt8(ascii: "e") || trimmed[index] == UInt8(ascii: "E") {
            index += 1
            var negative = false
            if index < trimmed.count, trimmed[index] == UInt8(ascii: "+") || trimmed[index] == UInt8(ascii: "-") {
                negative = trimmed[index] == UInt8(ascii: "-")
                index += 1
            }
            let power = digits()
            guard !power.isEmpty else { return .failure(.malformed) }
            let magnitude = power.count > 4 ? 10_000 : Int(String(decoding: power, as: UTF8.self))!
            exponent = negative ? -magnitude : magnitude
        }
        guard index == trimmed.count else { return .failure(.malformed) }
        // kopecks = digits × 10^(exponent − fraction digits + 2)
        var all = Array((whole + fraction).drop { $0 == UInt8(ascii: "0") })
        var shift = exponent - fraction.count + 2
        if all.isEmpty { return .success(0) }
        if shift < 0 {
            guard -shift < all.count, all.suffix(-shift).allSatisfy({ $0 == UInt8(ascii: "0") }) else { return .failure(.tooPrecise) }
            all.removeLast(-shift)
            shift = 0
        }
        guard all.count + shift <= 18, let value = Int64(String(decoding: all, as: UTF8.self) + String(repeating: "0", count: shift)) else {
            return .failure(.tooLarge)
        }
        return value > maximum ? .failure(.tooLarge) : .success(value)
    }

    /// The kopecks of `text`, or nil when `read` finds a problem.
    public static func parse(_ text: String) -> Int64? {
        try? read(text).get()
    }

    /// What a client is told about an amount with `problem`.
    public static func explain(_ problem: Problem) -> String {
        switch problem {
        case .malformed: return "must be roubles as decimal text, e.g. 1234.50"
        case .tooPrecise: return "must have at most two fraction digits (whole kopecks)"
        case .tooLarge: return "must be at most \(format(maximum))"
        }
    }

    /// `123450` → `"1234.50"`.
    public static func format(_ kopecks: Int64) -> String {
        let sign = kopecks < 0 ? "-" : ""
        let magnitude = kopecks.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
