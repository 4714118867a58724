import Foundation
import ProtoBridge
import ServiceKit

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

    /// Parses `"1234.5"`, `"1234.50"`, `"1234"` — any JSON number, so also `"1.5e3"` — into
    /// kopecks, exactly (spaces around it are ignored); anything else says what is wrong with it.
    public static func read(_ text: String) -> Result<Int64, Problem> {
        let trimmed = text.trimmingSpaces
        guard !trimmed.hasPrefix("-") else { return .failure(.malformed) }
        switch NumberLiteral.scaled(trimmed, by: 2, as: Int64.self) {
        case .malformed: return .failure(.malformed)
        case .notWhole: return .failure(.tooPrecise)
        case .outOfRange: return .failure(.tooLarge)
        case .value(let kopecks): return kopecks > maximum ? .failure(.tooLarge) : .success(kopecks)
        }
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
