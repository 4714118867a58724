import Bus
import Claimer
import Contracts
import Foundation
import Store
import XCTest

/// The workers end to end in-process: real queue, real Postgres, the mock platform.
final class ClaimWorkerTests: XCTestCase {
    func test_outcomes_matchTheMock_flakyClaimedAfterRetries_limitDelayedWithoutAnAttempt() async throws {
        try await withClaimer(workers: true) { h in
            try await h.submit("w1", key: "sk-worker-key-1", codes: ["WELCOME", "INELIGIBLE-9", "FLAKY-1", "LIMIT-1"])
            try await h.submit("w2", key: "invalid-key-000", codes: ["WELCOME"])
            let status = try await h.waitUntilSettled("w1")
            XCTAssertEqual(status.claimed, 3)
            XCTAssertEqual(status.skipped, 1)
            _ = try await h.waitUntilSettled("w2")

            let history = Dictionary(uniqueKeysWithValues: try await h.history("w1").map { ($0.code, $0) })
            for code in ["WELCOME", "FLAKY-1", "LIMIT-1"] {
                let reward = MockPromoPlatform.reward(for: code)
                XCTAssertEqual(history[code]?.status, "claimed", code)
                XCTAssertEqual(history[code]?.rewardAmount, reward.amount, code)
                XCTAssertEqual(history[code]?.rewardType, reward.type, code)
                XCTAssertEqual(history[code]?.rewardCurrency, reward.currency, code)
            }
            XCTAssertEqual(history["INELIGIBLE-9"]?.status, "skipped")
            XCTAssertEqual(history["INELIGIBLE-9"]?.reason, "not eligible for this promotion")
            let attempts = try await h.pool.query("SELECT code, attempts FROM jobs WHERE user_id = 'w1'")
            let byCode = Dictionary(
                uniqueKeysWithValues: try attempts.map { (try $0.decode("code", as: String.self), try $0.decode("attempts", as: Int.self)) }
            )
            XCTAssertEqual(byCode["FLAKY-1"], 2)
            XCTAssertEqual(byCode["LIMIT-1"], 0)
            XCTAssertEqual(byCode["WELCOME"], 0)

            let invalid = try await h.history("w2")
            XCTAssertEqual(invalid.map(\.status), ["failed"])
            XCTAssertEqual(invalid.first?.reason, "invalid_api_key")
            let failedStatus: ClaimStatusReply = try await h.call("ClaimStatus", ClaimStatusRequest(userId: "w2"))
            XCTAssertEqual(failedStatus.failed, 1)
            // Invalid keys are not retried: one eligibility call.
            XCTAssertEqual(h.platform.recordedCalls.filter { $0.code == "WELCOME" }.count, 2)  // w1's check + claim; w2 never got past the key
        }
    }

    func test_retriesUsedUp_jobIsDead_listedForAdmins_andReplayClaimsIt() async throws {
        try await withClaimer(extra: ["CLAIMS_MAX_RETRY_ATTEMPTS": "2"], workers: true) { h in
            try await h.submit("w3", codes: ["FLAKY-DEAD"])
            let status = try await h.waitUntilSettled("w3")
            XCTAssertEqual(status.dead, 1)
            let history = try await h.history("w3")
            XCTAssertEqual(history.map(\.status), ["failed"])
            XCTAssertEqual(history.first?.reason, "gave up after 2 attempts: connection reset by peer")
            let dead: ListClaimJobsReply = try await h.call("ListClaimJobs", ListClaimJobsRequest(state: "dead"))
            XCTAssertEqual(dead.jobs.map(\.code), ["FLAKY-DEAD"])
            XCTAssertEqual(dead.jobs.first?.attempts, 2)
            // The mock's third attempt succeeds.
            let retried: ClaimJobInfo = try await h.call("RetryClaimJob", RetryClaimJobRequest(id: dead.jobs[0].id))
            XCTAssertEqual(retried.state, "queued")
            XCTAssertEqual(retried.attempts, 0)
            let after = try await h.waitUntilSettled("w3")
            XCTAssertEqual(after.claimed, 1)
            XCTAssertEqual(after.dead, 0)
            let records = try await h.history("w3")
            XCTAssertEqual(records.map(\.status), ["claimed", "failed"])
        }
    }

    func test_aCodeIsClaimedOncePerUser_evenWhenEnqueuedAgainAfterwards() async throws {
        try await withClaimer(workers: true) { h in
            try await h.submit("w4", codes: ["ONCE"])
            _ = try await h.waitUntilSettled("w4")
            let again = try await h.submit("w4", codes: ["ONCE"])
            XCTAssertEqual(again.enqueued, 0)
            XCTAssertEqual(again.alreadyClaimed, 1)
            // A job slipped in anyway (say by hand) is recorded as skipped, not claimed twice.
            _ = try await h.pool.execute("INSERT INTO jobs (user_id, code) VALUES ('w4', 'ONCE')")
            _ = try await h.waitUntilSettled("w4")
            let claimed = try await h.count("SELECT count(*) AS n FROM claim_history WHERE user_id = 'w4' AND status = 'claimed'")
            XCTAssertEqual(claimed, 1)
            let history = try await h.history("w4")
            XCTAssertEqual(history.map(\.status), ["skipped", "claimed"])
            XCTAssertEqual(history.first?.reason, "already_claimed")
        }
    }

    func test_rateLimit_userWithTwelveJobs_neverMoreThanTheLimitInAnyWindow() async throws {
        try await withClaimer(extra: ["CLAIMS_PER_MINUTE_PER_USER": "5", "CLAIMS_RATE_WINDOW_MS": "1000"], workers: true) { h in
            try await h.submit("w5", codes: (0..<12).map { "RL\($0)" })
            let status = try await h.waitUntilSettled("w5")
            XCTAssertEqual(status.claimed, 12)
            let times = try await h.pool.query("SELECT admitted_us FROM rate_admissions WHERE user_id = 'w5' ORDER BY admitted_us")
                .map { try $0.decode("admitted_us", as: Int64.self) }
            XCTAssertEqual(times.count, 12)
            for index in times.indices.dropLast(5) {
                XCTAssertGreaterThanOrEqual(times[index + 5] - times[index], 1_000_000, "6 admissions inside one window at \(index)")
            }
            // Jobs over the limit waited as delayed, they did not fail.
            XCTAssertEqual(status.failed + status.dead, 0)
        }
    }

    func test_attemptTimeout_isARetryableFailure() async throws {
        try await withClaimer(extra: ["CLAIM_JOB_TIMEOUT": "200", "CLAIMS_MAX_RETRY_ATTEMPTS": "2"], workers: true) { h in
            try await h.submit("w6", codes: ["SLOW-1"])
            let status = try await h.waitUntilSettled("w6")
            XCTAssertEqual(status.dead, 1)
            let history = try await h.history("w6")
            XCTAssertEqual(history.first?.reason, "gave up after 2 attempts: timed out after 0.2 seconds")
        }
    }

    func test_gracefulShutdown_letsTheRunningAttemptFinish() async throws {
        try await withClaimer(workers: true, slowDelay: .milliseconds(700)) { h in
            try await h.submit("w7", codes: ["SLOW-2"])
            // Wait until the job is running, then shut the workers down.
            for _ in 0..<200 {
                let active = try await h.count("SELECT count(*) AS n FROM jobs WHERE state = 'active'")
                if active == 1 { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            await h.stopWorkers()
            let job = try await h.pool.query("SELECT state, outcome FROM jobs WHERE user_id = 'w7'")[0]
            XCTAssertEqual(try job.decode("state", as: String.self), "completed")
            XCTAssertEqual(try job.decodeIfPresent("outcome", as: String.self), "claimed")
        }
    }

    func test_thePlaintextKeyNeverAppearsInLogsRepliesOrEvents() async throws {
        let secret = "sk-LEAK-CANARY-0123456789"
        try await withClaimer(extra: ["CLAIMS_MAX_RETRY_ATTEMPTS": "2"], workers: true) { h in
            try await h.submit("w8", key: secret, codes: ["WELCOME", "FLAKY-X", "FLAKY-Y", "INELIGIBLE-1", "LIMIT-2", "SLOW-3"])
            _ = try await h.waitUntilSettled("w8")
            var replies: [String] = []
            let status = try await h.reply("ClaimStatus", ClaimStatusRequest(userId: "w8"))
            let history = try await h.reply("ClaimHistory", ClaimHistoryRequest(userId: "w8"))
            let submit = try await h.reply("SubmitClaim", SubmitClaimRequest(userId: "w8", apiKey: secret, codes: ["", "X"]))
            for reply in [status, history, submit] {
                replies.append(String(decoding: reply.body, as: UTF8.self) + reply.message + reply.violations.map(\.description).joined())
            }
            let events = try await h.pool.query("SELECT payload FROM outbox").map { try $0.decode("payload", as: Data.self) }
            XCTAssertFalse(events.isEmpty)
            for payload in events { XCTAssertNil(payload.range(of: Data(secret.utf8)), "an event carries the key") }
            for text in replies { XCTAssertFalse(text.contains(secret), "a reply carries the key") }
            let logs = h.logs.text
            XCTAssertFalse(logs.isEmpty)
            XCTAssertFalse(logs.contains(secret), "the log carries the key")
            XCTAssertFalse(logs.contains("LEAK-CANARY"))
        }
    }
}
