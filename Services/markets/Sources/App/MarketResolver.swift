import Foundation
import ServiceKit
import Store

/// Settles a market the source has resolved: (our market id, its resolution — the winning
/// outcome's name, or MKT at the source's final price of our first outcome). The betting part pays
/// out here; it must be idempotent (ingestion calls it again until the market is settled, e.g.
/// after a failure).
public typealias MarketResolver = @Sendable (_ marketId: UUID, _ resolution: MarketResolution) async throws -> Void

/// Builds the resolver once the database and clock exist (they do not when the definition is made).
public typealias MarketResolverFactory = @Sendable (_ pool: ConnectionPool, _ clock: any WallClock) -> MarketResolver

/// The resolver used when none is given: marks the market `resolved` with its resolution and pays
/// nothing. Right only where no bets exist; the service wires the betting part's `ResolveMarket` in.
public enum MarkResolvedOnly {
    public static let factory: MarketResolverFactory = { pool, clock in
        { marketId, resolution in try await MarketStore(pool: pool).markResolved(marketId, resolution, now: clock.now()) }
    }
}
