import Bus
import Contracts
import Foundation
import XCTest

@testable import Markets

/// Ingestion into Postgres: counts, idempotence, closing and resolution at the source.
final class CatalogIngestTests: XCTestCase {
    func test_ingestingTheFixture_createsEveryMarket_andAgainChangesNothing() async throws {
        try await withMarkets { service in
            let first = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual([first.fetched, first.created, first.updated, first.closed, first.resolved], [36, 36, 0, 0, 4])
            let statuses = try await service.runtime.database.pool.query(
                "SELECT status, count(*)::int AS n FROM markets GROUP BY status ORDER BY status"
            )
            XCTAssertEqual(
                try statuses.map { "\(try $0.decode("status", as: String.self))=\(try $0.decode("n", as: Int.self))" },
                ["closed=2", "open=30", "resolved=4"],
                "552133 settled 50-50 is resolved MKT at 0.5"
            )
            let outcomes = try await service.scalar("SELECT count(*)::int AS v FROM market_outcomes")
            XCTAssertEqual(outcomes, 72)
            let price = try await service.scalar(
                """
                SELECT o.price_micros AS v FROM market_outcomes o JOIN markets m ON m.id = o.market_id
                WHERE m.external_id = '552124' AND o.name = 'Yes'
                """
            )
            XCTAssertEqual(price, 24_500)
            let resolved = try await service.runtime.database.pool.query(
                "SELECT external_id, resolved_outcome, resolution_micros FROM markets WHERE status = 'resolved' ORDER BY external_id"
            )
            XCTAssertEqual(try resolved.map { try $0.decode("resolved_outcome", as: String.self) }, ["MKT", "Yes", "No", "No"])
            XCTAssertEqual(try resolved[0].decodeIfPresent("resolution_micros", as: Int.self), 500_000)
            let updatedBefore = try await service.scalar("SELECT count(DISTINCT updated_at)::int AS v FROM markets")

            service.clock.advance(by: 600)
            let again = try await service.runJob("markets-ingest")
            XCTAssertEqual(again.processed, 36)
            XCTAssertEqual(again.failed, 0)
            XCTAssertEqual(
                Dictionary(uniqueKeysWithValues: again.summary.map { ($0.key, $0.value) }).filter { $0.key != "timestamp" },
                ["fetched": "36", "created": "0", "updated": "0", "closed": "0", "resolved": "0", "rejected": "0", "failed": "0"]
            )
            let moved = try await service.scalar("SELECT count(*)::int AS v FROM markets WHERE updated_at > \(MarketsHarness.epoch)")
            XCTAssertEqual(moved, 0)
            let updatedAfter = try await service.scalar("SELECT count(DISTINCT updated_at)::int AS v FROM markets")
            XCTAssertEqual(updatedAfter, updatedBefore)
        }
    }

    func test_aMarketClosedAndResolvedAtTheSource_isClosedHere_andTheResolverRunsOnce() async throws {
        let source = ScriptedMarketSource([ScriptedMarketSource.binary("900", yes: 530_000), ScriptedMarketSource.binary("901", yes: 200_000)])
        let resolver = ResolverRecorder()
        try await withMarkets(source: source, resolver: resolver.factory) { service in
            let first = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual([first.created, first.resolved], [2, 0])

            var settled = ScriptedMarketSource.binary("900", yes: PriceMicros.one, closed: true)
            settled.priceMicros = [PriceMicros.one, 0]
            source.put(settled)
            var closed = ScriptedMarketSource.binary("901", yes: 150_000, closed: true)
            closed.volume = 2000
            source.put(closed)
            service.clock.advance(by: 60)
            let second = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual([second.fetched, second.created, second.updated, second.closed, second.resolved], [2, 0, 2, 2, 1])
            let id = try await service.runtime.database.pool.query("SELECT id FROM markets WHERE external_id = '900'")[0].decode("id", as: UUID.self)
            XCTAssertEqual(resolver.calls.map(\.marketId), [id])
            XCTAssertEqual(resolver.calls.map(\.outcome), ["Yes"])
            let market = try await service.call("GetMarket", GetMarketRequest(id: id.uuidString), as: Market.self)
            XCTAssertEqual(market.status, "resolved")
            XCTAssertEqual(market.resolvedOutcome, "Yes")
            XCTAssertEqual(market.outcomes.map(\.priceMicros), [1_000_000, 0])

            let third = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual([third.created, third.updated, third.closed, third.resolved], [0, 0, 0, 0])
            XCTAssertEqual(resolver.calls.count, 1)
        }
    }

    func test_aFailedResolution_isRetriedByTheNextRun_untilItSucceeds() async throws {
        var settled = ScriptedMarketSource.binary("910", yes: 0, closed: true)
        settled.priceMicros = [0, PriceMicros.one]
        let source = ScriptedMarketSource([settled])
        let resolver = ResolverRecorder(failures: 1)
        try await withMarkets(source: source, resolver: resolver.factory) { service in
            let job = try await service.runJob("markets-ingest")
            XCTAssertEqual(job.failed, 1)
            XCTAssertTrue(job.partial)
            let status = try await service.runtime.database.pool.query("SELECT status FROM markets")[0].decode("status", as: String.self)
            XCTAssertEqual(status, "closed")
            let retry = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual([retry.created, retry.updated, retry.resolved], [0, 0, 1])
            let last = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual(last.resolved, 0)
            XCTAssertEqual(resolver.calls.map(\.outcome), ["No", "No"])
        }
    }

    func test_anOpenMarketMissingFromTheListings_isLookedUpByIdAndClosed() async throws {
        let source = ScriptedMarketSource([ScriptedMarketSource.binary("920", yes: 500_000), ScriptedMarketSource.binary("921", yes: 500_000)])
        let resolver = ResolverRecorder()
        try await withMarkets(source: source, resolver: resolver.factory) { service in
            _ = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual(source.lookups, 0)
            var settled = ScriptedMarketSource.binary("920", yes: 0, closed: true)
            settled.priceMicros = [PriceMicros.one, 0]
            source.put(settled)
            source.unlist("920")  // beyond the pages the run reads
            let run = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
            XCTAssertEqual(source.lookups, 1)
            XCTAssertEqual([run.fetched, run.updated, run.closed, run.resolved], [2, 1, 1, 1])
            XCTAssertEqual(resolver.calls.map(\.outcome), ["Yes"])
        }
    }

    func test_ingestion_needsAdminOrAServicePrincipal() async throws {
        try await withMarkets(source: ScriptedMarketSource()) { service in
            let user = try await service.reply("IngestMarkets", IngestMarketsRequest(), principal: MarketsHarness.user(UUID().uuidString))
            XCTAssertEqual(user.status, .permissionDenied)
            let anonymous = try await service.reply("IngestMarkets", IngestMarketsRequest(), principal: Principal())
            XCTAssertEqual(anonymous.status, .unauthenticated, "no caller at all")
            let scheduler = try await service.reply("IngestMarkets", IngestMarketsRequest(), principal: MarketsHarness.scheduler)
            XCTAssertEqual(scheduler.status, .ok)
        }
    }
}
