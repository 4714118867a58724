/// The name a customer's card shows: given at registration or by `UpdateMyProfile`, else taken
/// from Telegram.
public enum CustomerName {
    /// The longest name, in characters after trimming spaces; a longer Telegram name is cut to it.
    public static let maxLength = 64

    /// `raw` without surrounding spaces, or `invalid("name", …)`: longer than `maxLength`, holding
    /// a control character (Postgres text cannot hold NUL, and no name needs one), or empty when
    /// `required`.
    public static func validated(_ raw: String, required: Bool) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if required, name.isEmpty { throw LoyaltyError.invalid("name", "is required") }
        guard name.count <= maxLength else { throw LoyaltyError.invalid("name", "at most \(maxLength) characters") }
        guard !containsControlCharacter(name) else { throw LoyaltyError.invalid("name", "must not contain control characters") }
        return name
    }

    /// A Telegram user's name as a card's name: control characters dropped, cut to `maxLength`.
    public static func fromTelegram(_ name: String) -> String {
        let printable = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.properties.generalCategory != .control }))
        return String(printable.trimmingCharacters(in: .whitespacesAndNewlines).prefix(maxLength))
    }

    private static func containsControlCharacter(_ name: String) -> Bool {
        name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
