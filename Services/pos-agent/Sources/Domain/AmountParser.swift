/// Reads the receipt amount out of the bytes of `amount.json`, exactly, into kopecks.
public enum AmountParser {
    /// Parses `{"amount": <number or string>}`; other fields are ignored, a UTF-8 BOM (Windows editors, 1C) is skipped.
    public static func parse(_ data: some Collection<UInt8>) throws(AmountParseError) -> Kopecks {
        var bytes = Array(data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let document = try JSONLiteralParser.parse(bytes)
        guard case .object = document else { throw .notAnObject }
        switch document["amount"] {
        case nil: throw .missingAmount
        case .number(let text)?: return try Kopecks.parse(roubles: text)
        case .string(let text)?: return try Kopecks.parse(roubles: text)
        case .null?: throw .notANumber("null")
        case .bool(let value)?: throw .notANumber(String(value))
        case .object?: throw .notANumber("an object")
        case .array?: throw .notANumber("an array")
        }
    }
}
