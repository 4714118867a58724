import Foundation
import Synchronization

/// The deterministic platform of `STAKE_MOCK_API=true` (tests, `make run`, the benchmark):
/// - keys starting `invalid` are rejected;
/// - codes starting `INELIGIBLE` are ineligible;
/// - codes starting `FLAKY` fail with a network error on the first two attempts (per key and code);
/// - codes starting `LIMIT` answer 429 with `Retry-After: 1` once (per key and code);
/// - codes starting `SLOW` take `slowDelay` to claim (to exercise timeouts and lost workers);
/// - every other code is claimed with a reward derived from the code.
/// Attempt counts live in this process: a FLAKY job retried on another process starts over there.
public final class MockPromoPlatform: PromoPlatform {
    private let attempts = Mutex<[String: Int]>([:])
    private let calls = Mutex<[MockPlatformCall]>([])
    let slowDelay: Duration

    public init(slowDelay: Duration = .seconds(2)) {
        self.slowDelay = slowDelay
    }

    public func checkEligibility(apiKey: APIKey, code: String) async throws -> Eligibility {
        try Self.checkKey(apiKey)
        // Only the scripted codes need counting (and so the table stays small in a long run).
        let scripted = code.hasPrefix("FLAKY") || code.hasPrefix("LIMIT")
        let attempt =
            !scripted
            ? 1
            : attempts.withLock { counts in
                let key = "\(apiKey.reveal())\u{0}\(code)"
                counts[key, default: 0] += 1
                return counts[key]!
            }
        record(MockPlatformCall(code: code, at: Date(), kind: "eligibility"))
        if code.hasPrefix("FLAKY"), attempt <= 2 { throw PlatformError.unavailable("connection reset by peer") }
        if code.hasPrefix("LIMIT"), attempt == 1 { throw PlatformError.rateLimited(retryAfter: .seconds(1)) }
        if code.hasPrefix("INELIGIBLE") { return .ineligible(reason: "not eligible for this promotion") }
        return .eligible
    }

    public func claim(apiKey: APIKey, code: String) async throws -> Reward {
        try Self.checkKey(apiKey)
        if code.hasPrefix("SLOW") { try await Task.sleep(for: slowDelay) }
        record(MockPlatformCall(code: code, at: Date(), kind: "claim"))
        return Self.reward(for: code)
    }

    /// Keeps the last `recordLimit` calls (a long-running mock must not grow without bound).
    func record(_ call: MockPlatformCall) {
        calls.withLock { calls in
            if calls.count >= Self.recordLimit { calls.removeFirst(calls.count / 2) }
            calls.append(call)
        }
    }

    static let recordLimit = 10_000

    /// The calls this instance answered, oldest first (tests compare them with the history).
    public var recordedCalls: [MockPlatformCall] { calls.withLock { $0 } }

    /// The reward every platform double grants for `code`: 1.00…9.99 USDT, fixed per code.
    public static func reward(for code: String) -> Reward {
        // A stable hash (Swift's `hashValue` changes per process).
        let cents = code.utf8.reduce(UInt32(17)) { ($0 &* 31) &+ UInt32($1) } % 900 + 100
        return Reward(type: "bonus", amount: "\(cents / 100).\(String(format: "%02d", cents % 100))", currency: "USDT")
    }

    static func checkKey(_ apiKey: APIKey) throws {
        if apiKey.reveal().hasPrefix("invalid") { throw PlatformError.invalidAPIKey }
    }
}

/// One call the mock platform answered.
public struct MockPlatformCall: Sendable, Equatable {
    public var code: String
    public var at: Date
    public var kind: String
}
