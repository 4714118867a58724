import Foundation
import Synchronization

@testable import Markets

/// A resolver for tests: records every call, fails the first `failures` calls, and otherwise does
/// what the default resolver does (marks the market resolved).
final class ResolverRecorder: Sendable {
    private let state: Mutex<(calls: [(UUID, String)], failures: Int)>

    init(failures: Int = 0) {
        state = Mutex(([], failures))
    }

    var calls: [(marketId: UUID, outcome: String)] { state.withLock { $0.calls } }

    var factory: MarketResolverFactory {
        { pool, clock in
            { marketId, resolution in
                let fail = self.state.withLock { state -> Bool in
                    state.calls.append((marketId, resolution.outcome))
                    guard state.failures > 0 else { return false }
                    state.failures -= 1
                    return true
                }
                if fail { throw CatalogError.sourceUnavailable("the resolver failed on purpose") }
                try await MarkResolvedOnly.factory(pool, clock)(marketId, resolution)
            }
        }
    }
}
