import Bus
import Claimer
import Contracts
import Foundation
import Store
import XCTest

/// Deleting a user's API key while workers hold jobs taken with it: once the delete answers,
/// nothing reaches the platform with that key, and what ran before is recorded as it happened.
final class KeyDeletionTests: XCTestCase {
    /// Polls until the mock has answered `count` eligibility checks (the attempts are at the platform).
    private func waitForEligibilityChecks(_ h: ClaimerHarness, count: Int) async throws {
        let deadline = Date().addingTimeInterval(10)
        while h.platform.recordedCalls.filter({ $0.kind == "eligibility" }).count < count {
            guard Date() < deadline else { return XCTFail("the attempts never reached the platform") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func test_deleteDuringClaims_answersAfterThem_keepsTheirOutcomes_andNothingReachesThePlatformAfter() async throws {
        try await withClaimer(workers: true, slowDelay: .milliseconds(800)) { h in
            try await h.submit("kd1", codes: ["SLOW-1", "SLOW-2"])
            try await waitForEligibilityChecks(h, count: 2)

            let reply: DeleteApiKeyReply = try await h.call("DeleteApiKey", DeleteApiKeyRequest(userId: "kd1"), principal: ClaimerHarness.user("kd1"))
            let answeredAt = Date()
            XCTAssertTrue(reply.keyDeleted)
            // Both claims were under way: they finished before the answer, and are recorded as claimed.
            let calls = h.platform.recordedCalls
            XCTAssertEqual(calls.filter { $0.kind == "claim" }.count, 2)
            XCTAssertTrue(calls.allSatisfy { $0.at <= answeredAt }, "\(calls) after \(answeredAt)")
            let history = try await h.history("kd1")
            XCTAssertEqual(history.map(\.status), ["claimed", "claimed"])
            let status: ClaimStatusReply = try await h.call("ClaimStatus", ClaimStatusRequest(userId: "kd1"))
            XCTAssertEqual(status.active + status.queued + status.delayed, 0)

            try await Task.sleep(for: .milliseconds(300))
            XCTAssertEqual(h.platform.recordedCalls.count, calls.count)
        }
    }

    func test_anAttemptThatWillBeRetried_isCancelled_notRetriedWithoutItsKey() async throws {
        // The attempt times out (a retryable failure) after the delete was asked for.
        try await withClaimer(extra: ["CLAIM_JOB_TIMEOUT": "400"], workers: true, slowDelay: .seconds(5)) { h in
            try await h.submit("kd2", codes: ["SLOW-R"])
            try await waitForEligibilityChecks(h, count: 1)

            let reply: DeleteApiKeyReply = try await h.call("DeleteApiKey", DeleteApiKeyRequest(userId: "kd2"), principal: ClaimerHarness.user("kd2"))
            XCTAssertTrue(reply.keyDeleted)
            XCTAssertEqual(reply.jobsCancelled, 1)
            try await Task.sleep(for: .milliseconds(400))
            let jobs = try await h.pool.query("SELECT state, last_error FROM jobs WHERE user_id = 'kd2'")
            XCTAssertEqual(try jobs.map { try $0.decode("state", as: String.self) }, ["cancelled"])
            XCTAssertEqual(try jobs.map { try $0.decode("last_error", as: String.self) }, ["API key deleted"])
            // No second attempt, and no `failed / no_api_key` record.
            XCTAssertEqual(h.platform.recordedCalls.filter { $0.kind == "eligibility" }.count, 1)
            let history = try await h.history("kd2")
            XCTAssertEqual(history.count, 0)
        }
    }

    func test_aDeleteThatCannotWaitLongEnough_saysSo_andAskingAgainWaitsForTheRest() async throws {
        try await withClaimer(workers: true, slowDelay: .milliseconds(1500)) { h in
            try await h.submit("kd3", codes: ["SLOW-3"])
            try await waitForEligibilityChecks(h, count: 1)
            let queue = ClaimQueue(pool: h.pool, outbox: h.runtime.outbox, topics: EventTopics(service: h.runtime.config.name))

            do {
                _ = try await queue.deleteKey(userId: "kd3", wait: .milliseconds(100))
                XCTFail("the claim still runs: the delete must not claim it is over")
            } catch let error as ClaimerError {
                XCTAssertEqual(error, .attemptsStillRunning(userId: "kd3", count: 1))
                XCTAssertEqual(error.rpcError.reason, "ATTEMPTS_RUNNING")
                XCTAssertEqual(error.rpcError.code, .unavailable)
            }
            let hasKey = try await queue.hasKey(userId: "kd3")
            XCTAssertFalse(hasKey)

            let again = try await queue.deleteKey(userId: "kd3", wait: .seconds(5))
            XCTAssertFalse(again.deleted)
            let history = try await h.history("kd3")
            XCTAssertEqual(history.map(\.code), ["SLOW-3"])
        }
    }
}
