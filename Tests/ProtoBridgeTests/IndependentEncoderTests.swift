import Foundation
import XCTest

@testable import ProtoBridge

/// Bytes written by `protoc-c --encode` (another encoder) decode to the values we expect.
final class IndependentEncoderTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "bin", subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    func test_envelopeFromProtocEncode_decodesToSameValues() throws {
        let type = ProtoRegistry.require("platform.Envelope")
        let message = try ProtoMessage(type: type, serializedBytes: try fixture("envelope"))
        XCTAssertEqual(message["method"], .string("Health"))
        XCTAssertEqual(message["request_id"], .string("r-1"))
        XCTAssertEqual(message["deadline_unix_ms"], .int(-5))
        XCTAssertEqual(message["idempotency_key"], .string("kéy"))
        XCTAssertEqual(message["body"], .bytes([1, 2, 0, 255]))
        guard case .message(let principal)? = message["principal"] else { return XCTFail("no principal") }
        XCTAssertEqual(principal["subject"], .string("u1"))
        XCTAssertEqual(principal["roles"], .list([.string("admin"), .string("user")]))
        XCTAssertEqual(principal["store_id"], .string("s9"))
        // And we encode to the very same bytes.
        XCTAssertEqual(try message.serializedBytes(), try fixture("envelope"))
    }

    func test_replyFromProtocEncode_decodesToSameValues() throws {
        let type = ProtoRegistry.require("platform.Reply")
        let message = try ProtoMessage(type: type, serializedBytes: try fixture("reply"))
        XCTAssertEqual(message["status"], .enumeration(5))
        XCTAssertEqual(message["message"], .string("no such card"))
        guard case .list(let violations)? = message["violations"] else { return XCTFail("no violations") }
        XCTAssertEqual(violations.count, 2)
        XCTAssertEqual(try message.serializedBytes(), try fixture("reply"))
    }

    func test_runJobReplyFromProtocEncode_keepsInt64Extremes() throws {
        let type = ProtoRegistry.require("platform.RunJobReply")
        let message = try ProtoMessage(type: type, serializedBytes: try fixture("run_job_reply"))
        XCTAssertEqual(message["processed"], .int(Int64.max))
        XCTAssertEqual(message["failed"], .int(-1))
        XCTAssertEqual(message["partial"], .bool(true))
    }
}
