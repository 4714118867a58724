/// Codes of one type in one campaign by state, as the reply shows them.
public struct CodeTally: Sendable, Equatable {
    public var available: Int64
    public var reserved: Int64
    public var assigned: Int64

    public init(available: Int64 = 0, reserved: Int64 = 0, assigned: Int64 = 0) {
        self.available = available
        self.reserved = reserved
        self.assigned = assigned
    }

    /// The stored counters count an expired reservation as reserved until the job releases it; by
    /// the rules it is available, so `expired` (stored-reserved rows older than 24 h) moves over.
    public func movingExpired(_ expired: Int64) -> CodeTally {
        let moved = min(max(expired, 0), reserved)
        return CodeTally(available: available + moved, reserved: reserved - moved, assigned: assigned)
    }
}
