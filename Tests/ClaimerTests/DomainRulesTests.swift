import Claimer
import Foundation
import ServiceKit
import XCTest

/// Pure rules: the sliding window, backoff, outcomes, input validation, key sealing.
final class DomainRulesTests: XCTestCase {
    let limit = RateLimit(limit: 5, window: .seconds(60))
    let second: Int64 = 1_000_000

    func test_rateLimit_admitsUpToTheLimitInsideTheWindow() {
        let now = 1_000 * second
        XCTAssertEqual(limit.decide(admissions: [], now: now), .admit)
        XCTAssertEqual(limit.decide(admissions: (0..<4).map { now - $0 * second }, now: now), .admit)
    }

    func test_rateLimit_whenFull_delaysUntilTheOldestLeavesTheWindowExactly() {
        let now = 1_000 * second
        let admissions = [now - 50 * second, now - 40 * second, now - 30 * second, now - 20 * second, now - 10 * second]
        XCTAssertEqual(limit.decide(admissions: admissions, now: now), .delay(untilMicros: now + 10 * second))
        // At exactly that moment the oldest is `window` old and no longer counts.
        XCTAssertEqual(limit.decide(admissions: admissions, now: now + 10 * second), .admit)
        XCTAssertEqual(limit.decide(admissions: admissions, now: now + 10 * second - 1), .delay(untilMicros: now + 10 * second))
    }

    func test_rateLimit_withMoreThanTheLimitRecorded_waitsForEnoughToLeave() {
        let now = 1_000 * second
        let admissions = (1...7).map { now - Int64($0) * second }.shuffled()
        // Seven inside: the three oldest (−7, −6, −5 s) must leave; the third leaves at −5 s + 60 s.
        XCTAssertEqual(limit.decide(admissions: admissions, now: now), .delay(untilMicros: now + 55 * second))
    }

    func test_rateLimit_ignoresAdmissionsOutsideTheWindow() {
        let now = 1_000 * second
        let old = (0..<10).map { now - 60 * second - $0 }
        XCTAssertEqual(limit.decide(admissions: old, now: now), .admit)
    }

    func test_retryPolicy_backsOffExponentiallyWithJitterAndCeiling() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(1), maxDelay: .seconds(10))
        XCTAssertEqual(policy.delay(attempts: 1, jitter: 1), .seconds(1))
        XCTAssertEqual(policy.delay(attempts: 1, jitter: 0), .milliseconds(500))
        XCTAssertEqual(policy.delay(attempts: 3, jitter: 1), .seconds(4))
        XCTAssertEqual(policy.delay(attempts: 8, jitter: 1), .seconds(10))
        XCTAssertEqual(policy.delay(attempts: 60, jitter: 0), .seconds(5))
    }

    func test_retryPolicy_afterTheLastAttempt_isDead() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(10))
        XCTAssertEqual(policy.afterFailure(attempts: 2, jitter: 1), .retry(after: .seconds(2)))
        XCTAssertEqual(policy.afterFailure(attempts: 3, jitter: 1), .dead)
    }

    func test_resolution_ofEachAttemptResult() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(10))
        let reward = Reward(type: "bonus", amount: "1.25", currency: "USDT")
        let claimed = JobResolution.resolve(.claimed(reward), attempts: 1, policy: policy, jitter: 0)
        XCTAssertEqual(claimed.state, .completed)
        XCTAssertEqual(claimed.outcome, "claimed")
        XCTAssertEqual(claimed.record, .claimed)
        XCTAssertEqual(claimed.reward, reward)

        let skipped = JobResolution.resolve(.skipped(reason: "not eligible"), attempts: 0, policy: policy, jitter: 0)
        XCTAssertEqual(skipped.state, .completed)
        XCTAssertEqual(skipped.outcome, "skipped")
        XCTAssertEqual(skipped.reason, "not eligible")

        let failed = JobResolution.resolve(.failed(reason: "invalid_api_key"), attempts: 0, policy: policy, jitter: 0)
        XCTAssertEqual(failed.state, .failed)
        XCTAssertEqual(failed.record, .failed)
        XCTAssertEqual(failed.attempts, 0)

        // A 429 delays without using an attempt.
        let limited = JobResolution.resolve(.rateLimited(retryAfter: .seconds(1)), attempts: 1, policy: policy, jitter: 0)
        XCTAssertEqual(limited.state, .delayed)
        XCTAssertEqual(limited.attempts, 1)
        XCTAssertEqual(limited.retryIn, .seconds(1))
        XCTAssertNil(limited.record)

        let retry = JobResolution.resolve(.retryable(reason: "HTTP 503"), attempts: 1, policy: policy, jitter: 1)
        XCTAssertEqual(retry.state, .delayed)
        XCTAssertEqual(retry.attempts, 2)
        XCTAssertEqual(retry.retryIn, .seconds(2))
        XCTAssertNil(retry.record)

        let dead = JobResolution.resolve(.retryable(reason: "HTTP 503"), attempts: 2, policy: policy, jitter: 1)
        XCTAssertEqual(dead.state, .dead)
        XCTAssertEqual(dead.attempts, 3)
        XCTAssertEqual(dead.record, .failed)
        XCTAssertEqual(dead.reason, "gave up after 3 attempts: HTTP 503")
    }

    func test_platformErrors_mapToAttemptResults() {
        XCTAssertEqual(AttemptResult.from(.invalidAPIKey), .failed(reason: "invalid_api_key"))
        XCTAssertEqual(AttemptResult.from(.rateLimited(retryAfter: .seconds(3))), .rateLimited(retryAfter: .seconds(3)))
        XCTAssertEqual(AttemptResult.from(.unavailable("HTTP 502")), .retryable(reason: "HTTP 502"))
        XCTAssertEqual(AttemptResult.from(.rejected("HTTP 404")), .failed(reason: "rejected: HTTP 404"))
    }

    func test_codes_areTrimmedDeduplicatedAndValidatedByIndex() {
        let (codes, violations) = ClaimRules.codes([" A1 ", "B2", "A1", "", "has space", String(repeating: "x", count: 129)])
        XCTAssertEqual(codes, ["A1", "B2"])
        XCTAssertEqual(violations.map(\.field), ["codes[3]", "codes[4]", "codes[5]"])
        XCTAssertEqual(ClaimRules.codes(Array(repeating: "A", count: 1001)).violations.map(\.field), ["codes"])
    }

    func test_apiKeyRules_neverEchoTheKey() {
        let key = "short k"
        let violations = ClaimRules.apiKey(key) + ClaimRules.apiKey("sk") + ClaimRules.apiKey("")
        XCTAssertEqual(violations.map(\.field), ["apiKey", "apiKey", "apiKey"])
        XCTAssertFalse(violations.contains { $0.description.contains(key) || $0.description.contains("sk") })
        XCTAssertEqual(ClaimRules.apiKey("sk-live-0123456789"), [])
    }

    func test_userIdAndPriorityRules() {
        XCTAssertEqual(ClaimRules.userId("").first?.description, "is required")
        XCTAssertEqual(ClaimRules.userId(String(repeating: "u", count: 129)).count, 1)
        XCTAssertEqual(ClaimRules.userId("a\u{7}b").count, 1)
        XCTAssertEqual(ClaimRules.priority(-1).count, 1)
        XCTAssertEqual(ClaimRules.priority(0), [])
    }

    func test_apiKey_printsRedactedEverywhere() {
        let key = APIKey("sk-very-secret-123")
        XCTAssertEqual("\(key)", "APIKey(redacted)")
        XCTAssertEqual(String(reflecting: key), "APIKey(redacted)")
        var dumped = ""
        dump(key, to: &dumped)
        XCTAssertFalse(dumped.contains("sk-very-secret-123"))
        XCTAssertEqual(key.reveal(), "sk-very-secret-123")
    }

    func test_keyRing_sealsAndOpens_andTheCiphertextIsNotThePlaintext() throws {
        let ring = try KeyRing(current: "a1:" + Data(repeating: 1, count: 32).base64EncodedString())
        let sealed = try ring.seal(APIKey("sk-very-secret-123"))
        XCTAssertEqual(sealed.keyId, "a1")
        XCTAssertNil(String(data: sealed.sealed, encoding: .utf8)?.range(of: "sk-very-secret"))
        XCTAssertEqual(try ring.open(sealed).reveal(), "sk-very-secret-123")
        // A fresh nonce each time.
        XCTAssertNotEqual(try ring.seal(APIKey("sk-very-secret-123")).sealed, sealed.sealed)
    }

    func test_keyRing_rotation_opensOldCiphertextsUnderPreviousKeys() throws {
        let old = "a1:" + Data(repeating: 1, count: 32).base64EncodedString()
        let new = "b2:" + Data(repeating: 2, count: 32).base64EncodedString()
        let sealedOld = try KeyRing(current: old).seal(APIKey("sk-123456789"))
        let rotated = try KeyRing(current: new, previous: old)
        XCTAssertEqual(rotated.currentId, "b2")
        XCTAssertEqual(try rotated.open(sealedOld).reveal(), "sk-123456789")
        XCTAssertEqual(try rotated.seal(APIKey("sk-123456789")).keyId, "b2")
        XCTAssertThrowsError(try KeyRing(current: new).open(sealedOld))
        // A tampered ciphertext does not open.
        var tampered = sealedOld
        tampered.sealed[tampered.sealed.count - 1] ^= 1
        XCTAssertThrowsError(try rotated.open(tampered))
    }

    func test_keyRing_rejectsMalformedKeys_andDerivesAnIdWithoutOne() throws {
        XCTAssertThrowsError(try KeyRing(current: "not base64!"))
        XCTAssertThrowsError(try KeyRing(current: Data(repeating: 1, count: 16).base64EncodedString()))
        XCTAssertThrowsError(try KeyRing.fromEnvironment([:])) { XCTAssertEqual($0 as? KeyRingError, .missing) }
        let derived = try KeyRing(current: Data(repeating: 1, count: 32).base64EncodedString())
        XCTAssertTrue(derived.currentId.hasPrefix("k"))
        XCTAssertEqual(derived.currentId.count, 9)
        let generated = KeyRing.generate()
        XCTAssertEqual(try KeyRing(current: generated).currentId, String(generated.split(separator: ":")[0]))
    }

    func test_settings_defaultsAreTheOriginalSystems() {
        let settings = ClaimerSettings(environment: ServiceEnvironment([:]))
        XCTAssertEqual(settings.concurrency, 10)
        XCTAssertEqual(settings.jobTimeout, .seconds(30))
        XCTAssertEqual(settings.rateLimit, RateLimit(limit: 5, window: .seconds(60)))
        XCTAssertEqual(settings.maxAttempts, 3)
        XCTAssertTrue(settings.mockPlatform)
        XCTAssertNil(ClaimerSettings(environment: ServiceEnvironment(["CLAIMS_PER_MINUTE_PER_USER": "0"])).rateLimit)
    }
}
