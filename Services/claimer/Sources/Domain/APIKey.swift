/// A user's platform API key in plaintext. It prints as `APIKey(redacted)` everywhere (logs,
/// errors, `String(describing:)`), so the only way to the text is `reveal()` at the platform call.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let text: String

    public init(_ text: String) { self.text = text }

    /// The plaintext, for the platform request and for sealing; never log it.
    public func reveal() -> String { text }

    public var description: String { "APIKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
