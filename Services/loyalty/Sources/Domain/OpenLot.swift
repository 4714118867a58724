import Foundation

/// A lot that still has points: what a redemption may draw from.
public struct OpenLot: Sendable, Equatable {
    public var id: Int64
    public var remaining: Int
    public var expiresAt: Date

    public init(id: Int64, remaining: Int, expiresAt: Date) {
        self.id = id
        self.remaining = remaining
        self.expiresAt = expiresAt
    }
}
