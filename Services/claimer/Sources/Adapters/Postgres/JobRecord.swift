import Foundation
import Store

/// A job row as the admin views show it.
public struct JobRecord: Sendable, Equatable {
    public var id: Int64
    public var userId: String
    public var code: String
    public var state: JobState
    public var outcome: String?
    public var priority: Int
    public var attempts: Int
    public var lastError: String
    public var runAt: Date
    public var createdAt: Date
    public var updatedAt: Date

    static let columns: SQL = "id, user_id, code, state, outcome, priority, attempts, last_error, run_at, created_at, updated_at"

    init(_ row: Row) throws {
        id = try row.decode("id")
        userId = try row.decode("user_id")
        code = try row.decode("code")
        state = JobState(rawValue: try row.decode("state")) ?? .failed
        outcome = try row.decodeIfPresent("outcome")
        priority = try row.decode("priority")
        attempts = try row.decode("attempts")
        lastError = try row.decode("last_error")
        runAt = try row.decode("run_at")
        createdAt = try row.decode("created_at")
        updatedAt = try row.decode("updated_at")
    }
}
