/// What a field's `(api.field)` option declares beyond its proto type, for the API document.
struct FieldRule: Sendable {
    /// A request without the field is refused (OpenAPI `required`).
    var required: Bool
    /// The only values a string field takes (OpenAPI `enum`); empty when any.
    var enumValues: [String]
    /// An OpenAPI `format` (`date-time`, `uri`, `email`, …).
    var format: String?
}
