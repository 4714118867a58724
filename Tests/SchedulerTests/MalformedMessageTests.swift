import Contracts
import Foundation
import TestSupport
import XCTest

/// Every method of the real service, fed random bytes and random-but-well-formed protobuf: each
/// call gets a reply with a client-side status, never an internal error or silence, and the
/// service keeps serving.
final class MalformedMessageTests: XCTestCase {
    func test_everyMethod_givenGarbageOrOddFields_answersWithAClientStatus_andKeepsServing() async throws {
        let service = try await SchedulerHarness.start()
        let methods = service.runtime.router.methods
        XCTAssertTrue(methods.contains("Health") && methods.count > 5, "\(methods)")

        var fuzz = MessageFuzz()
        let principal = Principal(subject: "00000000-0000-0000-0000-0000000000f0", roles: ["admin", "supreme", "service", "user"], storeId: "1")
        let calls = await fuzz.run(methods, client: service.service.client, principal: principal)
        for call in calls where MessageFuzz.broken.contains(call.reply.status) {
            XCTFail("\(call.method) \(call.body): \(call.reply.status) \(call.reply.message)")
        }
        XCTAssertGreaterThan(calls.filter { $0.reply.status == .invalidArgument }.count, 0, "validation was reached")

        let health = try await service.service.call("Health", HealthRequest(), as: HealthReply.self, principal: principal)
        XCTAssertTrue(health.databaseReachable)
        await service.stop()
    }
}
