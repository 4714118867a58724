import Contracts
import Foundation
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
        let inventory = try await CodeInventoryPeer.start(clock: clock)
        let service = try await MarketsHarness.start(clock: clock, source: ScriptedMarketSource([ScriptedMarketSource.binary("900", yes: 530_000)]),
                                                     promoRedeemer: inventory.redeemer)
        let methods = service.runtime.router.methods
        XCTAssertTrue(methods.contains("Health") && methods.count > 5, "\(methods)")

        var fuzz = MessageFuzz()
        let principal = Principal(subject: "00000000-0000-0000-0000-0000000000f0", roles: ["admin", "supreme", "service", "user"], storeId: "1")
        let calls = await fuzz.run(methods, client: service.service.client, principal: principal)
        let rateLimited = { (call: MessageFuzz.Call) in call.reply.status == .unavailable && call.reply.message.contains("rate limit") }
        for call in calls where MessageFuzz.broken.contains(call.reply.status) && !rateLimited(call) {
            XCTFail("\(call.method) \(call.body): \(call.reply.status) \(call.reply.message)")
        }
        XCTAssertGreaterThan(calls.filter { $0.reply.status == .invalidArgument }.count, 0, "validation was reached")

        let health = try await service.service.call("Health", HealthRequest(), as: HealthReply.self, principal: principal)
        XCTAssertTrue(health.databaseReachable)
        await service.stop()
        await inventory.stop()
    }
}
