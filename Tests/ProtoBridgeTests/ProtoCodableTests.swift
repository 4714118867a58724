import Contracts
import Foundation
import XCTest

@testable import ProtoBridge

final class ProtoCodableTests: XCTestCase {
    func test_swiftMirror_roundTripsThroughWireBytes() throws {
        let envelope = Envelope(
            method: "Earn",
            requestId: "req-1",
            principal: Principal(subject: "u-1", roles: ["user", "admin"], storeId: "s-1"),
            deadlineUnixMs: 1_800_000_000_123,
            idempotencyKey: "idem",
            body: Data([0, 1, 2, 250])
        )
        let bytes = try envelope.serializedBytes()
        XCTAssertEqual(try Envelope(serializedBytes: bytes), envelope)
    }

    func test_swiftMirror_decodesBytesOfTheGenericForm() throws {
        let type = Reply.protoType
        let generic = ProtoMessage(
            type: type,
            fields: [
                "status": .enumeration(3), "message": .string("bad"),
                "violations": .list([
                    .message(
                        ProtoMessage(type: FieldViolation.protoType, fields: ["field": .string("amount"), "description": .string("must be > 0")])
                    )
                ]),
            ]
        )
        let reply = try Reply(serializedBytes: try generic.serializedBytes())
        XCTAssertEqual(reply.status, .invalidArgument)
        XCTAssertEqual(reply.violations, [FieldViolation(field: "amount", description: "must be > 0")])
    }

    func test_statusCodes_matchTheProtoEnum() throws {
        let field = try XCTUnwrap(Reply.protoType.field(named: "status"))
        let enumType = try XCTUnwrap(field.enumType)
        for code in StatusCode.allCases {
            XCTAssertNotNil(enumType.number(of: code.rawValue), code.rawValue)
        }
        XCTAssertEqual(enumType.number(of: "OK"), 0)
        XCTAssertEqual(enumType.number(of: "UNAUTHENTICATED"), 16)
    }
}

final class ProtoCodableReplyTests: XCTestCase {
    func test_reply_textsHoldingNUL_arriveWhole_theNULShownAsReplacementCharacter() throws {
        let reply = Reply(
            status: .invalidArgument,
            message: "code X\u{0}Y is unknown",
            violations: [FieldViolation(field: "codes[0]", description: "X\u{0}Y: not found")],
            reason: "R\u{0}"
        )
        let decoded = try Reply(serializedBytes: try reply.serializedBytes())
        XCTAssertEqual(decoded.message, "code X\u{FFFD}Y is unknown")
        XCTAssertEqual(decoded.violations, [FieldViolation(field: "codes[0]", description: "X\u{FFFD}Y: not found")])
        XCTAssertEqual(decoded.reason, "R\u{FFFD}")
    }

    func test_reply_withEmptyBody_andDefaults_roundTrips() throws {
        for reply in [
            Reply(), Reply(status: .ok, body: Data([1, 2])),
            Reply(status: .notFound, message: "x", violations: [FieldViolation(field: "a", description: "b")]),
        ] {
            XCTAssertEqual(try Reply(serializedBytes: try reply.serializedBytes()), reply)
        }
        let echo = EchoReply(text: "hi")
        XCTAssertEqual(try EchoReply(serializedBytes: try echo.serializedBytes()), echo)
        let envelope = Envelope(method: "Echo")
        XCTAssertEqual(try Envelope(serializedBytes: try envelope.serializedBytes()), envelope)
    }
}
