import TestSupport
import XCTest

/// Every method of the real service, fed random bytes and random-but-well-formed protobuf: each
/// call gets a reply with a client-side status, never an internal error or silence, and the
/// service keeps serving.
final class MalformedMessageTests: XCTestCase {
    func test_everyMethod_givenGarbageOrOddFields_answersWithAClientStatus_andKeepsServing() async throws {
        try await withLoyalty { service in
            let outcome = await MessageFuzz.everyMethod(of: service.service)
            XCTAssertEqual(outcome.broken, [])
            XCTAssertGreaterThan(outcome.invalidArguments, 0, "validation was reached")
        }
    }
}
