import Bus
import Contracts
import Foundation
import ServiceKit
import Store

/// One attempt's outcome, ready to be written.
public struct FinishedAttempt: Sendable {
    public var job: TakenJob
    public var resolution: JobResolution
    /// Admission time, or the lease's when no rate limit applies (database clock, µs).
    public var attemptedAtMicros: Int64

    public init(job: TakenJob, resolution: JobResolution, attemptedAtMicros: Int64?) {
        self.job = job
        self.resolution = resolution
        self.attemptedAtMicros = attemptedAtMicros ?? job.takenAtMicros
    }
}

extension ClaimQueue {
    /// Writes one attempt's outcome; false when the lease was lost (see `finish(_:)`).
    @discardableResult
    public func finish(_ job: TakenJob, _ resolution: JobResolution, attemptedAtMicros: Int64?) async throws -> Bool {
        try await finish([FinishedAttempt(job: job, resolution: resolution, attemptedAtMicros: attemptedAtMicros)]).contains(job.id)
    }

    /// Writes the attempts' resolutions, history rows and events in one statement — each only while
    /// its job's lease is still the finisher's (a worker that lost its lease records nothing, so a job
    /// re-run after a lost lease is recorded once). A second `claimed` row for a user and code is
    /// refused by the unique index and written as nothing. Returns the ids whose outcome was written.
    public func finish(_ attempts: [FinishedAttempt]) async throws -> Set<Int64> {
        guard !attempts.isEmpty else { return [] }
        func seconds(_ duration: Duration?) -> Double {
            duration.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 0
        }
        var payloads: [String] = []
        for attempt in attempts {
            let (job, resolution) = (attempt.job, attempt.resolution)
            let event = ClaimRecorded(
                jobId: String(job.id),
                userId: job.userId,
                code: job.code,
                status: resolution.record?.rawValue ?? "",
                reason: resolution.reason,
                rewardType: resolution.reward?.type ?? "",
                rewardAmount: resolution.reward?.amount ?? "",
                rewardCurrency: resolution.reward?.currency ?? "",
                attemptedAt: Timestamps.format(Date(timeIntervalSince1970: Double(attempt.attemptedAtMicros) / 1e6))
            )
            payloads.append(try event.serializedBytes().map { String(format: "%02x", $0) }.joined())
        }
        let ids = attempts.map(\.job.id)
        let tokens = attempts.map(\.job.leaseToken)
        let states = attempts.map(\.resolution.state.rawValue)
        let outcomes = attempts.map { $0.resolution.outcome ?? "" }
        let counts = attempts.map(\.resolution.attempts)
        let errors = attempts.map(\.resolution.lastError)
        let retries = attempts.map { seconds($0.resolution.retryIn) }
        let statuses = attempts.map { $0.resolution.record?.rawValue ?? "" }
        let reasons = attempts.map(\.resolution.reason)
        let types = attempts.map { $0.resolution.reward?.type ?? "" }
        let amounts = attempts.map { $0.resolution.reward?.amount ?? "" }
        let currencies = attempts.map { $0.resolution.reward?.currency ?? "" }
        let attemptedAt = attempts.map(\.attemptedAtMicros)
        let eventIds = attempts.map { _ in UUID.random() }
        // Empty strings stand for NULL (arrays of optionals are not bound); one autocommitted statement.
        let rows = try await pool.query(
            """
            WITH input AS (
                SELECT * FROM unnest(\(ids)::bigint[], \(tokens)::text[], \(states)::text[], \(outcomes)::text[], \(counts)::int[],
                                     \(errors)::text[], \(retries)::float8[], \(statuses)::text[], \(reasons)::text[], \(types)::text[],
                                     \(amounts)::text[], \(currencies)::text[], \(attemptedAt)::bigint[], \(eventIds)::uuid[], \(payloads)::text[])
                    AS t(id, token, state, outcome, attempts, error, retry, status, reason, reward_type, reward_amount,
                         reward_currency, attempted_us, event_id, payload)),
            done AS (
                UPDATE jobs j SET state = i.state, outcome = NULLIF(i.outcome, ''), attempts = i.attempts, last_error = i.error,
                    run_at = CASE WHEN i.state = 'delayed' THEN clock_timestamp() + make_interval(secs => i.retry) ELSE j.run_at END,
                    lease_until = NULL, lease_token = NULL, waits_for_rate = false, updated_at = clock_timestamp()
                FROM input i WHERE j.id = i.id AND j.state = 'active' AND j.lease_token = i.token
                RETURNING j.id, j.user_id, j.code),
            history AS (
                INSERT INTO claim_history (job_id, user_id, code, status, reason, reward_type, reward_amount, reward_currency, attempted_at)
                SELECT d.id, d.user_id, d.code, i.status, i.reason, NULLIF(i.reward_type, ''), NULLIF(i.reward_amount, '')::numeric,
                       NULLIF(i.reward_currency, ''), to_timestamp(i.attempted_us::float8 / 1000000)
                FROM done d JOIN input i ON i.id = d.id WHERE i.status <> ''
                ON CONFLICT (user_id, code) WHERE status = 'claimed' DO NOTHING
                RETURNING job_id, user_id, status),
            event AS (
                INSERT INTO \(identifier: outbox.schema).outbox (id, topic, payload)
                SELECT i.event_id, \(topics.claimRecorded), decode(i.payload, 'hex') FROM history h JOIN input i ON i.id = h.job_id),
            used AS (
                UPDATE api_keys k SET last_used_at = clock_timestamp()
                WHERE k.user_id IN (SELECT user_id FROM history WHERE status = 'claimed')
                  AND (k.last_used_at IS NULL OR k.last_used_at < clock_timestamp() - interval '1 minute'))
            SELECT id FROM done
            """
        )
        return Set(try rows.map { try $0.decode("id", as: Int64.self) })
    }

    /// The history row and its `claim_recorded` event inside `tx` (lost-lease recovery). A second
    /// `claimed` row for the user and code is refused by the unique index and written as nothing.
    func recordHistory(
        _ tx: BlockingTransaction,
        jobId: Int64,
        userId: String,
        code: String,
        resolution: JobResolution,
        attemptedAt: Int64?
    ) throws {
        guard let status = resolution.record else { return }
        let rows = try tx.query(
            """
            INSERT INTO claim_history (job_id, user_id, code, status, reason, reward_type, reward_amount, reward_currency, attempted_at)
            VALUES (\(jobId), \(userId), \(code), \(status.rawValue), \(resolution.reason), \(resolution.reward?.type),
                    \(resolution.reward?.amount)::numeric, \(resolution.reward?.currency),
                    COALESCE(to_timestamp(\(attemptedAt)::float8 / 1000000), clock_timestamp()))
            ON CONFLICT (user_id, code) WHERE status = 'claimed' DO NOTHING
            RETURNING attempted_at
            """
        )
        guard let row = rows.first else { return }
        let event = ClaimRecorded(
            jobId: String(jobId),
            userId: userId,
            code: code,
            status: status.rawValue,
            reason: resolution.reason,
            rewardType: resolution.reward?.type ?? "",
            rewardAmount: resolution.reward?.amount ?? "",
            rewardCurrency: resolution.reward?.currency ?? "",
            attemptedAt: Timestamps.format(try row.decode("attempted_at"))
        )
        try tx.execute(outbox.insert(topic: topics.claimRecorded, payload: try event.serializedBytes()))
    }
}
