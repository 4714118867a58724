import Bus
import Claimer
import Contracts
import Foundation
import XCTest

/// Over the rate limit, a user's jobs are admitted by priority then age, whichever worker asks first.
final class RateLimitOrderTests: XCTestCase {
    func test_oneSlot_goesToTheBetterPriority_evenWhenTheWorseJobAsksFirst() async throws {
        try await withClaimer { h in
            try await h.submit("o1", codes: ["LOW"])
            _ = try await h.pool.execute("UPDATE jobs SET priority = 10 WHERE code = 'LOW'")
            let _: EnqueueReply = try await h.call(
                "EnqueueClaim",
                EnqueueClaimRequest(userId: "o1", code: "HIGH", priority: 1),
                principal: ClaimerHarness.markets
            )
            let queue = ClaimQueue(pool: h.pool, outbox: h.runtime.outbox, topics: EventTopics(service: h.service.name))
            let jobs = Dictionary(uniqueKeysWithValues: try await queue.take(limit: 2, lease: .seconds(30), worker: "w").map { ($0.code, $0) })
            let limit = RateLimit(limit: 1, window: .seconds(60))
            let low = try await queue.admit(try XCTUnwrap(jobs["LOW"]), limit: limit)
            XCTAssertNil(low, "priority 10 waits while priority 1 waits for the same slot")
            let high = try await queue.admit(try XCTUnwrap(jobs["HIGH"]), limit: limit)
            XCTAssertNotNil(high)
        }
    }

    func test_overTheLimit_aUsersJobsAreAdmittedOldestFirst_whateverOrderWorkersAsk() async throws {
        try await withClaimer { h in
            try await h.submit("o2", codes: (0..<12).map { String(format: "A%02d", $0) })
            // Oldest first (one submit inserts in no particular code order).
            let codes: [String] = try await h.pool.query("SELECT code FROM jobs WHERE user_id = 'o2' ORDER BY created_at, id")
                .map { try $0.decode("code") }
            let queue = ClaimQueue(pool: h.pool, outbox: h.runtime.outbox, topics: EventTopics(service: h.service.name))
            let limit = RateLimit(limit: 5, window: .milliseconds(500))
            func round(_ order: [Int]) async throws -> Set<String> {
                let taken = try await queue.take(limit: 12, lease: .seconds(30), worker: "w")
                let byCode = Dictionary(uniqueKeysWithValues: taken.map { ($0.code, $0) })
                var admitted: Set<String> = []
                for index in order {
                    let job = try XCTUnwrap(byCode[codes[index]], "\(codes[index]) was not taken")
                    if try await queue.admit(job, limit: limit) != nil { admitted.insert(job.code) }
                }
                return admitted
            }
            let first = try await round([3, 7, 5, 2, 0, 1, 4, 6, 8, 9, 10, 11])
            XCTAssertEqual(first, Set(codes[0..<5]))
            try await Task.sleep(for: .milliseconds(700))
            let second = try await round([11, 8, 5, 10, 6, 7, 9])
            XCTAssertEqual(second, Set(codes[5..<10]))
        }
    }
}
