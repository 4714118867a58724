import Foundation
import Store

/// One recorded outcome of the user's history.
public struct HistoryRecord: Sendable, Equatable {
    public var id: Int64
    public var jobId: Int64
    public var code: String
    public var status: String
    public var reason: String
    public var reward: Reward?
    public var attemptedAt: Date

    init(_ row: Row) throws {
        id = try row.decode("id")
        jobId = try row.decode("job_id")
        code = try row.decode("code")
        status = try row.decode("status")
        reason = try row.decode("reason")
        if let type: String = try row.decodeIfPresent("reward_type") {
            reward = Reward(type: type, amount: try row.decode("reward_amount"), currency: try row.decode("reward_currency"))
        }
        attemptedAt = try row.decode("attempted_at")
    }
}
