import Foundation

/// A run this replica claimed and must dispatch: its row is `running` under this replica's lease.
public struct ClaimedRun: Sendable, Equatable {
    public var id: UUID
    public var job: String
    public var service: String
    public var scheduledFor: Date
    public var attempt: Int
    public var manual: Bool
}
