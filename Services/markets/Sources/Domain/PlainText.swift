/// The rule for text people type into markets: printable, no markup. Control characters (line
/// breaks included) and angle brackets are refused rather than stripped, so what is stored is
/// exactly what was sent.
public enum PlainText {
    /// Why `text` is not plain text, or nil when it is.
    public static func problem(_ text: String) -> String? {
        if text.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control
                || $0.properties.generalCategory == .format
                    && $0 != "\u{200D}"
        }) {
            return "must not contain control characters"
        }
        if text.contains("<") || text.contains(">") { return "must not contain < or >" }
        return nil
    }
}
