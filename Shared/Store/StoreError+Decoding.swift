extension StoreError {
    /// The error every `SQLDecodable` conformance throws for text it cannot parse.
    static func decoding(_ type: Any.Type, _ text: String) -> StoreError {
        // The value itself stays out of the message: it may be personal data and messages get logged.
        StoreError(kind: .decoding, message: "cannot decode \(type) from a \(text.utf8.count)-byte column value")
    }
}
