import Foundation
import Logging

/// Runs one attempt of a leased job against the platform and says how it ended.
public struct ClaimExecutor: Sendable {
    let platform: any PromoPlatform
    let ring: KeyRing
    let timeout: Duration

    public init(platform: any PromoPlatform, ring: KeyRing, timeout: Duration) {
        self.platform = platform
        self.ring = ring
        self.timeout = timeout
    }

    /// Eligibility first, then the claim, both within `timeout`.
    public func attempt(_ job: TakenJob) async -> AttemptResult {
        if job.claimedBefore { return .skipped(reason: "already_claimed") }
        guard let sealed = job.sealedKey else { return .failed(reason: "no_api_key") }
        let apiKey: APIKey
        do {
            apiKey = try ring.open(sealed)
        } catch {
            return .failed(reason: "api_key_unreadable")
        }
        do {
            return try await withTimeout {
                switch try await platform.checkEligibility(apiKey: apiKey, code: job.code) {
                case .ineligible(let reason):
                    return .skipped(reason: reason)
                case .eligible:
                    return .claimed(try await platform.claim(apiKey: apiKey, code: job.code))
                }
            }
        } catch let error as PlatformError {
            return .from(error)
        } catch is AttemptTimeout {
            return .retryable(reason: "timed out after \(timeout)")
        } catch is CancellationError {
            return .retryable(reason: "cancelled")
        } catch {
            // Only our own platform types throw here; anything else is a bug: retry, name the type only.
            return .retryable(reason: "unexpected \(type(of: error))")
        }
    }

    /// The body, or `AttemptTimeout` once `timeout` passes (the body is cancelled).
    func withTimeout(_ body: @escaping @Sendable () async throws -> AttemptResult) async throws -> AttemptResult {
        try await withThrowingTaskGroup(of: AttemptResult.self) { group in
            group.addTask { try await body() }
            group.addTask { [timeout] in
                try await Task.sleep(for: timeout)
                throw AttemptTimeout()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

/// An attempt ran past `CLAIM_JOB_TIMEOUT`.
struct AttemptTimeout: Error {}
