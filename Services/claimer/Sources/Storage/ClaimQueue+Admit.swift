import Foundation
import Store

extension ClaimQueue {
    /// Asks the user's sliding window whether `job` may run now. The user's limiter row is locked
    /// while deciding, so admissions from every process are serialized and counted exactly; the
    /// clock is read after the lock, so admission times never go backwards. Over the limit, the
    /// job is delayed to the first moment it may run. Returns the admission time (µs) or nil.
    public func admit(_ job: TakenJob, limit: RateLimit) async throws -> Int64? {
        try await pool.blockingTransaction { tx in
            try tx.execute("INSERT INTO rate_limiters (user_id) VALUES (\(job.userId)) ON CONFLICT DO NOTHING")
            let locked = try tx.query("""
                SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us
                FROM rate_limiters WHERE user_id = \(job.userId) FOR UPDATE
                """)
            let now: Int64 = try locked[0].decode("now_us")
            let recent = try tx.query("""
                SELECT admitted_us FROM rate_admissions
                WHERE user_id = \(job.userId) AND admitted_us > \(limit.horizon(now: now))
                """)
            switch limit.decide(admissions: try recent.map { try $0.decode("admitted_us") }, now: now) {
            case .admit:
                try tx.execute("INSERT INTO rate_admissions (user_id, admitted_us, job_id) VALUES (\(job.userId), \(now), \(job.id))")
                return now
            case .delay(let until):
                try tx.execute("""
                    UPDATE jobs SET state = 'delayed', run_at = to_timestamp(\(until)::float8 / 1000000),
                        lease_until = NULL, lease_token = NULL, updated_at = clock_timestamp()
                    WHERE id = \(job.id) AND lease_token = \(job.leaseToken)
                    """)
                return nil
            }
        }
    }
}
