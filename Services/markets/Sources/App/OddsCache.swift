import Foundation
import Synchronization

/// Live odds per market, kept `ttl` seconds by the caller's clock. Concurrent misses for one
/// market share a single fetch, so a popular market costs one source call per period, not one per
/// reader (the source's rate limit is small).
public final class OddsCache: Sendable {
    private enum Slot {
        case ready(OddsSnapshot)
        case loading(Task<OddsSnapshot, any Error>)
    }

    public let ttl: TimeInterval
    private let slots = Mutex<[UUID: Slot]>([:])

    public init(ttl: TimeInterval) {
        self.ttl = ttl
    }

    /// The odds of `marketId` at `now`: from memory when younger than `ttl` (`cached` true), else
    /// from `fetch`. A failed fetch is not remembered.
    public func odds(
        for marketId: UUID,
        now: Date,
        fetch: @escaping @Sendable () async throws -> OddsSnapshot
    ) async throws -> (odds: OddsSnapshot, cached: Bool) {
        enum Step {
            case hit(OddsSnapshot)
            case join(Task<OddsSnapshot, any Error>)
            case own(Task<OddsSnapshot, any Error>)
        }
        let step = slots.withLock { slots -> Step in
            switch slots[marketId] {
            case .ready(let odds) where now.timeIntervalSince(odds.fetchedAt) < ttl:
                return .hit(odds)
            case .loading(let task):
                return .join(task)
            default:
                let task = Task { try await fetch() }
                slots[marketId] = .loading(task)
                return .own(task)
            }
        }
        switch step {
        case .hit(let odds):
            return (odds, true)
        case .join(let task):
            return (try await task.value, true)
        case .own(let task):
            do {
                let odds = try await task.value
                slots.withLock { slots in
                    slots[marketId] = .ready(odds)
                    slots = slots.filter { _, slot in
                        if case .ready(let kept) = slot { return now.timeIntervalSince(kept.fetchedAt) < ttl }
                        return true
                    }
                }
                return (odds, false)
            } catch {
                slots.withLock { $0[marketId] = nil }
                throw error
            }
        }
    }
}
