import Foundation
import ServiceKit

/// Input rules of virtual stock trades and prices.
public enum StockRules {
    public static let maxQuantity: Int32 = 10_000
    public static let maxPrice: Int32 = 1_000_000

    /// `symbol` upper-cased when it is 1–8 letters.
    public static func symbol(_ text: String) -> String? {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard (1...8).contains(upper.count), upper.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return upper
    }

    public static func validateTrade(symbol text: String, quantity: Int32) throws -> (String, Int) {
        var violations: [Violation] = []
        let symbol = symbol(text)
        if symbol == nil { violations.append(Violation("symbol", "must be 1 to 8 letters")) }
        if !(1...maxQuantity).contains(quantity) { violations.append(Violation("quantity", "must be 1 to \(maxQuantity) whole shares")) }
        guard violations.isEmpty, let symbol else { throw EconomyError.invalid(violations) }
        return (symbol, Int(quantity))
    }
}
