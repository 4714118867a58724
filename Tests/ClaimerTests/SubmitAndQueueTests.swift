import Bus
import Claimer
import Contracts
import Foundation
import Store
import XCTest

/// The bus methods and the queue's SQL against the real Postgres (workers off).
final class SubmitAndQueueTests: XCTestCase {
    func test_submit_storesTheKeySealed_andEnqueuesEachCodeOnce() async throws {
        try await withClaimer { h in
            let first = try await h.submit("u1", key: "sk-plain-text-key-1", codes: ["A1", "B2", " A1 "])
            XCTAssertEqual(first.enqueued, 2)
            XCTAssertEqual(first.jobIds.count, 2)
            let again = try await h.submit("u1", key: "sk-plain-text-key-2", codes: ["A1", "C3"])
            XCTAssertEqual(again.enqueued, 1)
            XCTAssertEqual(again.alreadyQueued, 1)
            let jobs = try await h.count("SELECT count(*) AS n FROM jobs WHERE user_id = 'u1' AND state = 'queued'")
            XCTAssertEqual(jobs, 3)
            // Stored sealed under the key id; the plaintext is nowhere in the row.
            let row = try await h.pool.query("SELECT key_id, sealed FROM api_keys WHERE user_id = 'u1'")[0]
            XCTAssertEqual(try row.decode("key_id", as: String.self), "test1")
            let sealed: Data = try row.decode("sealed")
            XCTAssertNil(sealed.range(of: Data("sk-plain-text-key".utf8)))
            let status: ClaimStatusReply = try await h.call("ClaimStatus", ClaimStatusRequest(userId: "u1"), principal: ClaimerHarness.user("u1"))
            XCTAssertEqual(status.queued, 3)
            XCTAssertTrue(status.hasApiKey)
            XCTAssertFalse(status.lastActivityAt.isEmpty)
        }
    }

    func test_submit_withoutCodes_enqueuesEveryActivePromoCode() async throws {
        try await withClaimer(promoCodes: ActivePromoCodes { ["SPRING", "SUMMER", "bad code"] }) { h in
            let reply = try await h.submit("u2", codes: [])
            XCTAssertEqual(reply.enqueued, 2)
        }
    }

    func test_submit_whenCodeInventoryIsDown_answers503_andStoresNothing() async throws {
        try await withClaimer(promoCodes: ActivePromoCodes { throw ClaimerError.promoCodesUnavailable("UNAVAILABLE: down") }) { h in
            let reply = try await h.reply(
                "SubmitClaim",
                SubmitClaimRequest(userId: "u3", apiKey: "sk-123456789"),
                principal: ClaimerHarness.user("u3")
            )
            XCTAssertEqual(reply.status, .unavailable)
            let keys = try await h.count("SELECT count(*) AS n FROM api_keys")
            XCTAssertEqual(keys, 0)
        }
    }

    func test_submit_badInput_answersFieldViolations_andWritesNothing_neverEchoingTheKey() async throws {
        try await withClaimer { h in
            let reply = try await h.reply("SubmitClaim", SubmitClaimRequest(userId: "", apiKey: "sk 12345678", codes: ["", "ok"]))
            XCTAssertEqual(reply.status, .invalidArgument)
            XCTAssertEqual(Set(reply.violations.map(\.field)), ["userId", "apiKey", "codes[0]"])
            XCTAssertFalse(reply.message.contains("sk 12345678") || reply.violations.contains { $0.description.contains("sk 12345678") })
            let rows = try await h.count("SELECT (SELECT count(*) FROM api_keys) + (SELECT count(*) FROM jobs) AS n")
            XCTAssertEqual(rows, 0)
        }
    }

    func test_userMayActOnlyOnTheirOwnId_adminsOnAny() async throws {
        try await withClaimer { h in
            try await h.submit("alice", codes: ["A"])
            for (method, body) in [
                ("ClaimStatus", try ClaimStatusRequest(userId: "alice").serializedBytes()),
                ("ClaimHistory", try ClaimHistoryRequest(userId: "alice").serializedBytes()),
                ("DeleteApiKey", try DeleteApiKeyRequest(userId: "alice").serializedBytes()),
                ("SubmitClaim", try SubmitClaimRequest(userId: "alice", apiKey: "sk-mallory-key", codes: ["X"]).serializedBytes()),
            ] {
                let reply = await h.service.client.callRaw(method, body: body, options: CallOptions(principal: ClaimerHarness.user("mallory")))
                XCTAssertEqual(reply.status, .permissionDenied, method)
            }
            let asAdmin: ClaimStatusReply = try await h.call("ClaimStatus", ClaimStatusRequest(userId: "alice"))
            XCTAssertEqual(asAdmin.queued, 1)
            // The admin-only and service-only methods refuse users.
            let list = try await h.reply("ListClaimJobs", ListClaimJobsRequest(state: "queued"), principal: ClaimerHarness.user("alice"))
            XCTAssertEqual(list.status, .permissionDenied)
            let enqueue = try await h.reply("EnqueueClaim", EnqueueClaimRequest(userId: "alice", code: "B"), principal: ClaimerHarness.user("alice"))
            XCTAssertEqual(enqueue.status, .permissionDenied)
        }
    }

    func test_enqueueClaim_byAService_needsAKeyOnFile_andHonoursPriority() async throws {
        try await withClaimer { h in
            let refused = try await h.reply("EnqueueClaim", EnqueueClaimRequest(userId: "u4", code: "A"), principal: ClaimerHarness.markets)
            XCTAssertEqual(refused.status, .failedPrecondition)
            XCTAssertEqual(refused.reason, "NO_API_KEY")
            try await h.submit("u4", codes: ["LOW"])
            let urgent: EnqueueReply = try await h.call(
                "EnqueueClaim",
                EnqueueClaimRequest(userId: "u4", code: "URGENT", priority: 0),
                principal: ClaimerHarness.markets
            )
            let later: EnqueueReply = try await h.call(
                "EnqueueClaim",
                EnqueueClaimRequest(userId: "u4", code: "LATER", priority: 9),
                principal: ClaimerHarness.markets
            )
            XCTAssertEqual(urgent.enqueued + later.enqueued, 2)
            _ = try await h.pool.execute("UPDATE jobs SET priority = 5 WHERE code = 'LOW'")
            let bulk: EnqueueReply = try await h.call(
                "EnqueueBulkClaim",
                EnqueueBulkClaimRequest(userId: "u4", codes: ["B1", "URGENT"]),
                principal: ClaimerHarness.markets
            )
            XCTAssertEqual(bulk.enqueued, 1)
            XCTAssertEqual(bulk.alreadyQueued, 1)
            let queue = ClaimQueue(pool: h.pool, outbox: h.runtime.outbox, topics: EventTopics(service: h.service.name))
            var order: [String] = []
            while true {
                let taken = try await queue.take(limit: 1, lease: .seconds(30), worker: "test")
                guard let job = taken.first else { break }
                order.append(job.code)
            }
            XCTAssertEqual(order, ["URGENT", "B1", "LOW", "LATER"])
            let badPriority = try await h.reply(
                "EnqueueClaim",
                EnqueueClaimRequest(userId: "u4", code: "X", priority: -1),
                principal: ClaimerHarness.markets
            )
            XCTAssertEqual(badPriority.violations.map(\.field), ["priority"])
        }
    }

    func test_take_concurrentWorkers_neverLeaseTheSameJobTwice() async throws {
        try await withClaimer { h in
            try await h.submit("u5", codes: (0..<300).map { "C\($0)" })
            let queue = ClaimQueue(pool: h.pool, outbox: h.runtime.outbox, topics: EventTopics(service: h.service.name))
            let taken = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let jobs = try await queue.take(limit: 7, lease: .seconds(30), worker: "w\(worker)")
                            if jobs.isEmpty { return mine }
                            mine += jobs.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            XCTAssertEqual(taken.count, 300)
            XCTAssertEqual(Set(taken).count, 300)
        }
    }

    func test_rateLimit_fiftyConcurrentAttemptsOfOneUser_admitExactlyTheLimit() async throws {
        try await withClaimer { h in
            try await h.submit("u6", codes: (0..<50).map { "R\($0)" })
            let queue = ClaimQueue(pool: h.pool, outbox: h.runtime.outbox, topics: EventTopics(service: h.service.name))
            let jobs = try await queue.take(limit: 50, lease: .seconds(30), worker: "w")
            let limit = RateLimit(limit: 5, window: .seconds(60))
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for job in jobs { group.addTask { try await queue.admit(job, limit: limit) != nil } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            XCTAssertEqual(admitted, 5)
            let delayed = try await h.count(
                "SELECT count(*) AS n FROM jobs WHERE state = 'delayed' AND run_at > clock_timestamp() + interval '50 seconds'"
            )
            XCTAssertEqual(delayed, 45)
        }
    }

    func test_lostLease_goesBackToTheQueue_andTheOldHolderCannotRecord() async throws {
        try await withClaimer { h in
            try await h.submit("u7", codes: ["L1"])
            let queue = ClaimQueue(pool: h.pool, outbox: h.runtime.outbox, topics: EventTopics(service: h.service.name))
            let stale = try await queue.take(limit: 1, lease: .milliseconds(100), worker: "lost")[0]
            try await Task.sleep(for: .milliseconds(200))
            let recovered = try await queue.recoverExpiredLeases(maxAttempts: 3)
            XCTAssertEqual(recovered, 1)
            let fresh = try await queue.take(limit: 1, lease: .seconds(30), worker: "new")[0]
            XCTAssertEqual(fresh.id, stale.id)
            XCTAssertEqual(fresh.attempts, 1)
            let claimed = JobResolution.resolve(
                .claimed(Reward(type: "bonus", amount: "1.00", currency: "USDT")),
                attempts: 1,
                policy: RetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(1)),
                jitter: 0
            )
            let lateWrite = try await queue.finish(stale, claimed, attemptedAtMicros: nil)
            XCTAssertFalse(lateWrite)
            let write = try await queue.finish(fresh, claimed, attemptedAtMicros: nil)
            XCTAssertTrue(write)
            let history = try await h.history("u7")
            XCTAssertEqual(history.map(\.status), ["claimed"])
        }
    }

    func test_finish_aBatchWritesOnlyTheJobsWhoseLeaseIsHeld_eachWithItsHistoryAndEvent() async throws {
        try await withClaimer { h in
            try await h.submit("u10", codes: ["F1", "F2", "F3"])
            let queue = ClaimQueue(pool: h.pool, outbox: h.runtime.outbox, topics: EventTopics(service: h.service.name))
            var jobs = try await queue.take(limit: 3, lease: .seconds(30), worker: "w")
            XCTAssertEqual(jobs.count, 3)
            jobs[2].leaseToken = "someone-else"
            let policy = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(1))
            let attempts = [
                FinishedAttempt(
                    job: jobs[0],
                    resolution: .resolve(
                        .claimed(Reward(type: "bonus", amount: "0.00012345", currency: "BTC")),
                        attempts: 0,
                        policy: policy,
                        jitter: 0
                    ),
                    attemptedAtMicros: nil
                ),
                FinishedAttempt(
                    job: jobs[1],
                    resolution: .resolve(.retryable(reason: "HTTP 502"), attempts: 0, policy: policy, jitter: 0),
                    attemptedAtMicros: nil
                ),
                FinishedAttempt(
                    job: jobs[2],
                    resolution: .resolve(.skipped(reason: "nope"), attempts: 0, policy: policy, jitter: 0),
                    attemptedAtMicros: nil
                ),
            ]
            let written = try await queue.finish(attempts)
            XCTAssertEqual(written, [jobs[0].id, jobs[1].id])
            let history = try await h.history("u10")
            XCTAssertEqual(history.map(\.code), [jobs[0].code])
            XCTAssertEqual(history.first?.rewardAmount, "0.00012345")
            let states = try await h.pool.query("SELECT code, state FROM jobs WHERE user_id = 'u10' ORDER BY id")
                .map { try $0.decode("state", as: String.self) }
            XCTAssertEqual(states, ["completed", "delayed", "active"])
            let events = try await h.count("SELECT count(*) AS n FROM outbox WHERE topic LIKE '%.claim_recorded'")
            XCTAssertEqual(events, 1)
        }
    }

    func test_deleteKey_cancelsWaitingJobs_andLaterEnqueuesNeedANewKey() async throws {
        try await withClaimer { h in
            try await h.submit("u8", codes: ["D1", "D2"])
            let reply: DeleteApiKeyReply = try await h.call("DeleteApiKey", DeleteApiKeyRequest(userId: "u8"), principal: ClaimerHarness.user("u8"))
            XCTAssertTrue(reply.keyDeleted)
            XCTAssertEqual(reply.jobsCancelled, 2)
            let status: ClaimStatusReply = try await h.call("ClaimStatus", ClaimStatusRequest(userId: "u8"))
            XCTAssertEqual(status.queued, 0)
            XCTAssertFalse(status.hasApiKey)
            let again: DeleteApiKeyReply = try await h.call("DeleteApiKey", DeleteApiKeyRequest(userId: "u8"))
            XCTAssertFalse(again.keyDeleted)
            let refused = try await h.reply(
                "EnqueueBulkClaim",
                EnqueueBulkClaimRequest(userId: "u8", codes: ["D3"]),
                principal: ClaimerHarness.markets
            )
            XCTAssertEqual(refused.status, .failedPrecondition)
        }
    }

    func test_listJobsAndRetry_validateTheirInput() async throws {
        try await withClaimer { h in
            let badState = try await h.reply("ListClaimJobs", ListClaimJobsRequest(state: "zombie"))
            XCTAssertEqual(badState.violations.map(\.field), ["state"])
            let badCursor = try await h.reply("ListClaimJobs", ListClaimJobsRequest(cursor: "abc"))
            XCTAssertEqual(badCursor.violations.map(\.field), ["cursor"])
            let unknown = try await h.reply("RetryClaimJob", RetryClaimJobRequest(id: "999999"))
            XCTAssertEqual(unknown.status, .notFound)
            let notAnId = try await h.reply("RetryClaimJob", RetryClaimJobRequest(id: "x"))
            XCTAssertEqual(notAnId.status, .invalidArgument)
            let queued = try await h.submit("u9", codes: ["Q1"])
            let notDead = try await h.reply("RetryClaimJob", RetryClaimJobRequest(id: queued.jobIds[0]))
            XCTAssertEqual(notDead.status, .failedPrecondition)
            let badHistory = try await h.reply("ClaimHistory", ClaimHistoryRequest(userId: "u9", limit: 501, before: "-4"))
            XCTAssertEqual(Set(badHistory.violations.map(\.field)), ["limit", "before"])
        }
    }

    func test_rotateKey_resealsEveryKeyUnderTheNewKey() async throws {
        try await withClaimer { h in
            try await h.submit("r1", key: "sk-rotate-me-1", codes: ["A"])
            try await h.submit("r2", key: "sk-rotate-me-2", codes: ["A"])
            let newKey = "test2:" + Data(repeating: 9, count: 32).base64EncodedString()
            let ring = try KeyRing(current: newKey, previous: ClaimerHarness.encryptionKey)
            let result = try await APIKeyRotation(pool: h.pool, ring: ring, logger: h.runtime.logger).run(batch: 1)
            XCTAssertEqual(result.resealed, 2)
            XCTAssertEqual(result.unreadable, 0)
            let rows = try await h.pool.query("SELECT user_id, key_id, sealed FROM api_keys ORDER BY user_id")
            for (row, expected) in zip(rows, ["sk-rotate-me-1", "sk-rotate-me-2"]) {
                let sealed = SealedKey(keyId: try row.decode("key_id"), sealed: try row.decode("sealed"))
                XCTAssertEqual(sealed.keyId, "test2")
                XCTAssertEqual(try KeyRing(current: newKey).open(sealed).reveal(), expected)
            }
            // Nothing left to do the second time.
            let again = try await APIKeyRotation(pool: h.pool, ring: ring, logger: h.runtime.logger).run()
            XCTAssertEqual(again.resealed, 0)
        }
    }
}
