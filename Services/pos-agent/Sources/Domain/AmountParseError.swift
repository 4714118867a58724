/// Why the content of `amount.json` is not a usable amount.
public enum AmountParseError: Error, Equatable, CustomStringConvertible {
    case invalidJSON(String)
    case notAnObject
    case missingAmount
    case notANumber(String)
    case negative(String)
    case exponent(String)
    case tooManyFractionDigits(String)
    case tooLarge(String)

    public var description: String {
        switch self {
        case .invalidJSON(let why): "not valid JSON: \(why)"
        case .notAnObject: "not a JSON object"
        case .missingAmount: "no \"amount\" field"
        case .notANumber(let text): "amount \(text) is not a decimal number of roubles"
        case .negative(let text): "amount \(text) is negative"
        case .exponent(let text): "amount \(text) uses an exponent; write plain decimals like 123.45"
        case .tooManyFractionDigits(let text): "amount \(text) has more than 2 fraction digits"
        case .tooLarge(let text): "amount \(text) is too large"
        }
    }
}
