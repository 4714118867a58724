import Bus
import Contracts
import Foundation
import ServiceKit
import XCTest

@testable import Markets

/// The real HTTP client (async-http-client) against a local Gamma-shaped server: pages, lookups,
/// a 500 that trips the breaker, a 429 that pauses the limiter; then the whole service through it.
final class PolymarketTwinTests: XCTestCase {
    static let markets = [
        GammaStubServer.Market(
            id: "7001",
            question: "Will the stub answer?",
            category: "Tech",
            closed: false,
            outcomes: ["Yes", "No"],
            prices: ["0.53", "0.47"]
        ),
        GammaStubServer.Market(
            id: "7002",
            question: "Will pages be read?",
            category: "Tech",
            closed: false,
            outcomes: ["Yes", "No"],
            prices: ["0.1", "0.9"]
        ),
        GammaStubServer.Market(
            id: "7003",
            question: "Will the third page come?",
            category: "Science",
            closed: false,
            outcomes: ["Up", "Down"],
            prices: ["0.333333", "0.666667"]
        ),
        GammaStubServer.Market(
            id: "7004",
            question: "Was it settled?",
            category: "Science",
            closed: true,
            outcomes: ["Yes", "No"],
            prices: ["1", "0"]
        ),
    ]

    func test_client_readsGammaPagesAndSingleMarkets_overHTTP() async throws {
        try await withGammaStub(Self.markets) { stub in
            let client = PolymarketClient(baseURL: stub.url + "/")
            let page = try await client.markets(limit: 2, offset: 2, closed: false)
            XCTAssertEqual(page.markets.map(\.externalId), ["7003"])
            XCTAssertEqual(page.markets[0].outcomes, ["Up", "Down"])
            XCTAssertEqual(page.markets[0].priceMicros, [333_333, 666_667])
            XCTAssertEqual(page.markets[0].volume, 1234.5)
            XCTAssertEqual(page.markets[0].endDate, Timestamps.parse("2027-06-30T12:00:00Z"))
            let one = try await client.market(externalId: "7004")
            XCTAssertEqual(one?.resolvedOutcome, "Yes")
            let missing = try await client.market(externalId: "nope")
            XCTAssertNil(missing)
            XCTAssertEqual(stub.requests, ["/markets?limit=2&offset=2&closed=false", "/markets/7004", "/markets/nope"])
        }
    }

    func test_a500TripsTheBreaker_andA429PausesTheLimiter_withoutCallingTheSource() async throws {
        try await withGammaStub(Self.markets) { stub in
            let clock = ManualClock(MarketsHarness.epoch)
            let monitor = SourceMonitor(requestsPerMinute: 60, breakerFailures: 2, breakerCoolDown: 30)
            let source = GuardedMarketSource(source: PolymarketClient(baseURL: stub.url), monitor: monitor, clock: clock, maxWait: 0)
            stub.failNext([500, 503])
            for _ in 0..<2 {
                do {
                    _ = try await source.markets(limit: 10, offset: 0, closed: false)
                    XCTFail("expected a failure")
                } catch let error as CatalogError {
                    guard case .sourceUnavailable(let message) = error else { return XCTFail("\(error)") }
                    XCTAssertTrue(message.hasPrefix("HTTP 50"), message)
                }
            }
            XCTAssertEqual(monitor.snapshot().breaker.state(now: clock.now()), .open)
            do {
                _ = try await source.market(externalId: "7001")
                XCTFail("expected the circuit to be open")
            } catch let error as CatalogError {
                XCTAssertEqual(error, .circuitOpen(until: MarketsHarness.epoch + 30))
            }
            XCTAssertEqual(stub.requests.count, 2)  // the open circuit did not call
            clock.advance(by: 30)
            let probe = try await source.market(externalId: "7001")  // half-open: the probe succeeds and closes it
            XCTAssertEqual(probe?.priceMicros, [530_000, 470_000])
            XCTAssertEqual(monitor.snapshot().breaker.state(now: clock.now()), .closed)

            stub.failNext([429], retryAfter: 12)
            do {
                _ = try await source.market(externalId: "7001")
                XCTFail("expected a 429")
            } catch let error as CatalogError {
                XCTAssertEqual(error, .sourceRateLimited(retryAfter: 12))
            }
            do {
                _ = try await source.market(externalId: "7001")
                XCTFail("expected the limiter to refuse")
            } catch let error as CatalogError {
                XCTAssertEqual(error, .sourceRateLimited(retryAfter: 12))
            }
            XCTAssertEqual(stub.requests.count, 4)  // the paused limiter did not call
            let health = monitor.snapshot()
            XCTAssertEqual(health.breaker.state(now: clock.now()), .closed)  // a 429 is no failure of the source
            XCTAssertEqual(health.bucket.throttledTotal, 2)
            clock.advance(by: 12)
            let after = try await source.market(externalId: "7002")
            XCTAssertEqual(after?.externalId, "7002")
        }
    }

    func test_theService_ingestsThroughTheRealClient_andMonitoringShowsTheSourceState() async throws {
        try await withGammaStub(Self.markets) { stub in
            try await withMarkets(
                settings: MarketsSettings(
                    jwtSecret: MarketsHarness.secret,
                    passwordIterations: 1000,
                    polymarketURL: stub.url,
                    polymarketRequestsPerMinute: 30
                ),
                catalogSettings: CatalogSettings(pageSize: 2, breakerFailures: 2, breakerCoolDown: 60)
            ) { service in
                let report = try await service.call("IngestMarkets", IngestMarketsRequest(), as: IngestMarketsReply.self)
                XCTAssertEqual([report.fetched, report.created, report.closed, report.resolved], [4, 4, 0, 1])
                XCTAssertEqual(
                    stub.requests,
                    [
                        "/markets?limit=2&offset=0&closed=false", "/markets?limit=2&offset=2&closed=false",
                        "/markets?limit=2&offset=0&closed=true",
                    ]
                )
                let rate = try await service.call("RateLimitStatus", MonitoringRequest(), as: RateLimitStatus.self)
                XCTAssertEqual(rate.limitPerMinute, 30)
                XCTAssertEqual(rate.requestsLastMinute, 3)
                XCTAssertEqual(rate.tokensAvailable, 27)

                stub.failNext([500, 500])
                for _ in 0..<2 {
                    let failed = try await service.reply("IngestMarkets", IngestMarketsRequest())
                    XCTAssertEqual(failed.status, .unavailable)
                    XCTAssertEqual(failed.reason, "SOURCE_UNAVAILABLE")
                }
                let open = try await service.reply("IngestMarkets", IngestMarketsRequest())
                XCTAssertEqual(open.status, .unavailable)
                XCTAssertEqual(open.reason, "CIRCUIT_OPEN")
                XCTAssertTrue(open.message.contains("suspended until"), open.message)
                let breaker = try await service.call("CircuitBreakerStatus", MonitoringRequest(), as: CircuitBreakerStatus.self)
                XCTAssertEqual(breaker.state, "open")
                XCTAssertEqual(breaker.consecutiveFailures, 2)
                XCTAssertEqual(breaker.failureThreshold, 2)
                XCTAssertEqual(breaker.openedAt, Timestamps.format(MarketsHarness.epoch))
                XCTAssertEqual(breaker.nextAttemptAt, Timestamps.format(MarketsHarness.epoch + 60))
                let apis = try await service.call("ExternalApis", MonitoringRequest(), as: ExternalApis.self)
                XCTAssertEqual(apis.apis.map(\.name), ["polymarket"])
                XCTAssertEqual(apis.apis[0].baseUrl, stub.url)
                XCTAssertEqual(apis.apis[0].circuitState, "open")
                XCTAssertEqual(apis.apis[0].lastError, "HTTP 500")
                XCTAssertEqual(apis.apis[0].lastSuccessAt, Timestamps.format(MarketsHarness.epoch))

                // Live odds while the circuit is open: 503 for LiveOdds, the stored market alone for MarketFull.
                let id = try await service.call("ListMarkets", ListMarketsRequest(search: "stub answer"), as: MarketPage.self).markets[0].id
                let live = try await service.reply("LiveOdds", GetMarketRequest(id: id), principal: Principal())
                XCTAssertEqual(live.status, .unavailable)
                let full = try await service.call("MarketFull", GetMarketRequest(id: id), as: MarketFull.self, principal: Principal())
                XCTAssertNil(full.live)
                XCTAssertEqual(full.market?.outcomes.map(\.priceMicros), [530_000, 470_000])

                service.clock.advance(by: 60)
                let halfOpen = try await service.call("CircuitBreakerStatus", MonitoringRequest(), as: CircuitBreakerStatus.self)
                XCTAssertEqual(halfOpen.state, "half_open")
                let recovered = try await service.call("LiveOdds", GetMarketRequest(id: id), as: LiveOdds.self, principal: Principal())
                XCTAssertEqual(recovered.outcomes.map(\.priceMicros), [530_000, 470_000])
                let closed = try await service.call("CircuitBreakerStatus", MonitoringRequest(), as: CircuitBreakerStatus.self)
                XCTAssertEqual(closed.state, "closed")
                let user = try await service.reply("ExternalApis", MonitoringRequest(), principal: MarketsHarness.user(UUID().uuidString))
                XCTAssertEqual(user.status, .permissionDenied)
            }
        }
    }
}
