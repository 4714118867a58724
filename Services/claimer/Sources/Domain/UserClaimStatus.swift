import Foundation

/// A user's jobs and outcomes counted by state.
public struct UserClaimStatus: Sendable, Equatable {
    public var counts: [String: Int] = [:]
    public var lastActivity: Date?
    public var hasKey = false

    public subscript(_ name: String) -> Int { counts[name] ?? 0 }
}
