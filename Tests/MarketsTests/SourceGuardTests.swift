import Foundation
import XCTest

@testable import Markets

/// The rate limiter's and circuit breaker's state machines, driven by explicit times.
final class SourceGuardTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func test_tokenBucket_grantsAMinutesWorth_thenDelaysUpToTheMaxWait_thenRefuses() {
        var bucket = TokenBucket(perMinute: 60)  // one token a second
        for _ in 0..<60 { XCTAssertEqual(bucket.reserve(now: t0, maxWait: 1.5), .granted(wait: 0)) }
        XCTAssertEqual(bucket.available(now: t0), 0)
        XCTAssertEqual(bucket.reserve(now: t0, maxWait: 1.5), .granted(wait: 1))
        XCTAssertEqual(bucket.reserve(now: t0, maxWait: 1.5), .refused(retryAfter: 2))
        XCTAssertEqual(bucket.throttledTotal, 2)
        XCTAssertEqual(bucket.requestsLastMinute(now: t0), 60)  // the delayed one has not gone out yet
        XCTAssertEqual(bucket.requestsLastMinute(now: t0 + 1), 61)
        // 30 s later: 30 tokens refilled, one of them owed to the delayed request.
        XCTAssertEqual(bucket.available(now: t0 + 30), 29, accuracy: 1e-9)
        XCTAssertEqual(bucket.reserve(now: t0 + 30, maxWait: 0), .granted(wait: 0))
        // Never more than the capacity, however long it rests.
        XCTAssertEqual(bucket.available(now: t0 + 3600), 60)
        XCTAssertEqual(bucket.requestsLastMinute(now: t0 + 3600), 0)
    }

    func test_tokenBucket_pausedByA429_refusesUntilRetryAfter() {
        var bucket = TokenBucket(perMinute: 60)
        bucket.pause(now: t0, retryAfter: 30)
        XCTAssertEqual(bucket.reserve(now: t0 + 10, maxWait: 5), .refused(retryAfter: 20))
        XCTAssertEqual(bucket.reserve(now: t0 + 30, maxWait: 5), .granted(wait: 0))
        XCTAssertEqual(bucket.throttledTotal, 2)
        XCTAssertNil(bucket.pausedUntil)
    }

    func test_circuitBreaker_opensAfterTheThreshold_halfOpensAfterTheCoolDown_andOneProbeDecides() {
        var breaker = CircuitBreaker(failureThreshold: 3, coolDown: 30)
        XCTAssertEqual(breaker.state(now: t0), .closed)
        breaker.recordFailure(now: t0)
        breaker.recordFailure(now: t0)
        breaker.recordSuccess()  // a success in between starts the count again
        breaker.recordFailure(now: t0)
        breaker.recordFailure(now: t0)
        XCTAssertEqual(breaker.admit(now: t0), .allowed(probe: false))
        breaker.recordFailure(now: t0 + 1)
        XCTAssertEqual(breaker.state(now: t0 + 1), .open)
        XCTAssertEqual(breaker.consecutiveFailures, 3)
        XCTAssertEqual(breaker.failuresTotal, 5)
        XCTAssertEqual(breaker.openedAt, t0 + 1)
        XCTAssertEqual(breaker.admit(now: t0 + 20), .rejected(until: t0 + 31))
        XCTAssertEqual(breaker.state(now: t0 + 31), .halfOpen)
        XCTAssertEqual(breaker.admit(now: t0 + 31), .allowed(probe: true))
        XCTAssertEqual(breaker.admit(now: t0 + 32), .rejected(until: t0 + 32))  // one probe at a time
        breaker.recordFailure(now: t0 + 33)  // the probe failed: open again for a full cool-down
        XCTAssertEqual(breaker.state(now: t0 + 33), .open)
        XCTAssertEqual(breaker.nextAttemptAt, t0 + 63)
        XCTAssertEqual(breaker.admit(now: t0 + 63), .allowed(probe: true))
        breaker.recordSuccess()
        XCTAssertEqual(breaker.state(now: t0 + 63), .closed)
        XCTAssertEqual(breaker.consecutiveFailures, 0)
        XCTAssertNil(breaker.openedAt)
    }

    func test_circuitBreaker_aNeutralProbeGivesItsTurnBack() {
        var breaker = CircuitBreaker(failureThreshold: 1, coolDown: 10)
        breaker.recordFailure(now: t0)
        XCTAssertEqual(breaker.admit(now: t0 + 10), .allowed(probe: true))
        breaker.recordNeutral(now: t0 + 10, retryAfter: 5)  // a 429: no verdict, wait what the source asked
        XCTAssertEqual(breaker.admit(now: t0 + 12), .rejected(until: t0 + 15))
        XCTAssertEqual(breaker.admit(now: t0 + 15), .allowed(probe: true))
    }

    func test_monitor_anOpenCircuitSpendsNoTokens() throws {
        let monitor = SourceMonitor(requestsPerMinute: 60, breakerFailures: 1, breakerCoolDown: 30)
        _ = try monitor.admit(now: t0, maxWait: 0)
        monitor.failed(now: t0, error: "HTTP 500")
        XCTAssertThrowsError(try monitor.admit(now: t0 + 1, maxWait: 0)) { error in
            XCTAssertEqual(error as? CatalogError, .circuitOpen(until: t0 + 30))
        }
        let health = monitor.snapshot()
        XCTAssertEqual(health.bucket.available(now: t0 + 1), 60, accuracy: 1e-9)
        XCTAssertEqual(health.lastError, "HTTP 500")
        XCTAssertEqual(health.lastErrorAt, t0)
    }
}
