import Contracts
import TestSupport
import XCTest

/// Every method of the real service, fed random bytes and random-but-well-formed protobuf: each
/// call gets a reply with a client-side status, never an internal error or silence, and the
/// service keeps serving with the data no call named intact.
final class MalformedMessageTests: XCTestCase {
    func test_everyMethod_givenGarbageOrOddFields_answersWithAClientStatus_andKeepsServing() async throws {
        try await withCodeInventory { service in
            // A campaign the fuzzed fields never name (they name "fuzz"), so its counts must not move.
            _ = try await service.upload(CodeInventoryHarness.csv(20), campaign: "kept")
            _ = try await service.upload(CodeInventoryHarness.csv(20, prefix: "F"), campaign: "fuzz")
            let before = try await service.counts("kept")

            let outcome = await MessageFuzz.everyMethod(of: service.service)
            XCTAssertEqual(outcome.broken, [])
            XCTAssertGreaterThan(outcome.invalidArguments, 0, "validation was reached")
            XCTAssertGreaterThan(outcome.succeeded, 0, "some calls were well-formed enough to succeed")

            let reserved = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "kept", type: "tm", count: 2),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(reserved.codes.count, 2)
            let after = try await service.counts("kept")
            XCTAssertEqual(after.tm?.available, (before.tm?.available ?? 0) - 2)
        }
    }
}
