import Foundation

/// A code row as read (and locked) by an assign or release: what the rules decide on.
public struct StoredCode: Sendable, Equatable {
    public var code: String
    public var state: CodeState
    public var reservedAt: Date?

    public init(code: String, state: CodeState, reservedAt: Date?) {
        self.code = code
        self.state = state
        self.reservedAt = reservedAt
    }
}
