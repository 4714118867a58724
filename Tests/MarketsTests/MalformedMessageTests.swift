import ServiceKit
import TestSupport
import XCTest

/// Every method of the real service, fed random bytes and random-but-well-formed protobuf: each
/// call gets a reply with a client-side status, never an internal error or silence, and the
/// service keeps serving. Promo codes are redeemed at a real code-inventory; market ingest meets
/// a scripted source, and its outbound rate limit (UNAVAILABLE, with the wait) is an answer too.
final class MalformedMessageTests: XCTestCase {
    func test_everyMethod_givenGarbageOrOddFields_answersWithAClientStatus_andKeepsServing() async throws {
        let clock = ManualClock(MarketsHarness.epoch)
        try await withCodeInventoryPeer(clock: clock) { inventory in
            try await withMarkets(
                clock: clock,
                source: ScriptedMarketSource([ScriptedMarketSource.binary("900", yes: 530_000)]),
                promoRedeemer: inventory.redeemer
            ) { service in
                let outcome = await MessageFuzz.everyMethod(of: service.service) { call in
                    call.reply.status == .unavailable && call.reply.message.contains("rate limit")
                }
                XCTAssertEqual(outcome.broken, [])
                XCTAssertGreaterThan(outcome.invalidArguments, 0, "validation was reached")
            }
        }
    }
}
