import Contracts
import Foundation
import XCTest

@testable import ProtoBridge

/// `Envelope` and `Reply` map protoc-c's structs by hand: these keep them byte for byte in step
/// with the generic descriptor-driven path every other message takes.
final class EnvelopeWireTests: XCTestCase {
    private func generic<T: ProtoCodable>(_ value: T) throws -> [UInt8] { try value.protoMessage().serializedBytes() }
    private func generic<T: ProtoCodable>(_: T.Type, _ bytes: [UInt8]) throws -> T {
        try T(protoMessage: ProtoMessage(type: T.protoType, serializedBytes: bytes))
    }

    private let envelopes = [
        Envelope(
            method: "Reserve",
            requestId: "req-1",
            principal: Principal(subject: "u-1", roles: ["supreme", "admin", "ролевая"], storeId: "s-1", displayName: "Анна 🙂"),
            deadlineUnixMs: 1_800_000_000_123,
            idempotencyKey: "idem-9",
            body: Data([0, 1, 2, 250, 0])
        ),
        Envelope(method: "Health"),
        Envelope(method: "", principal: Principal()),
        Envelope(
            method: "Upload",
            principal: Principal(subject: "s", roles: []),
            deadlineUnixMs: -1,
            body: Data(repeating: 0xAB, count: 70_000)
        ),
    ]

    func test_envelope_encodesTheSameBytesAsTheGenericPath() throws {
        for envelope in envelopes {
            XCTAssertEqual(try envelope.serializedBytes(), try generic(envelope), envelope.method)
        }
    }

    func test_envelope_decodesBytesOfTheGenericPath_andBack() throws {
        for envelope in envelopes {
            XCTAssertEqual(try Envelope(serializedBytes: try generic(envelope)), envelope)
            XCTAssertEqual(try generic(Envelope.self, try envelope.serializedBytes()), envelope)
        }
    }

    func test_envelope_fromMalformedBytes_throwsMalformed() {
        for bytes: [UInt8] in [[0x0A, 0x05, 0x41], [0xFF, 0xFF, 0xFF], [0x1A, 0x03, 0x12, 0x09, 0x00]] {
            XCTAssertThrowsError(try Envelope(serializedBytes: bytes)) { error in
                XCTAssertEqual((error as? ProtoError)?.kind, .malformedBytes, "\(bytes)")
            }
        }
        XCTAssertEqual(try Envelope(serializedBytes: []), Envelope(method: ""))
    }

    private let replies = [
        Reply(),
        Reply(status: .ok, body: Data([9, 8, 7])),
        Reply(
            status: .invalidArgument,
            message: "invalid request",
            violations: [FieldViolation(field: "count", description: "must be 1…1000"), FieldViolation(field: "", description: "")],
            reason: "BAD_COUNT"
        ),
        Reply(status: .unauthenticated, message: "нет токена"),
    ]

    func test_reply_encodesTheSameBytesAsTheGenericPath_andDecodesBoth() throws {
        for reply in replies + StatusCode.allCases.map({ Reply(status: $0) }) {
            let bytes = try reply.serializedBytes()
            XCTAssertEqual(bytes, try generic(reply), reply.status.rawValue)
            XCTAssertEqual(try Reply(serializedBytes: bytes), reply)
            XCTAssertEqual(try generic(Reply.self, bytes), reply)
        }
    }

    func test_reply_withAStatusTheEnumDoesNotDeclare_throws() {
        // status = 99 (field 1, varint)
        XCTAssertThrowsError(try Reply(serializedBytes: [0x08, 99]))
        XCTAssertThrowsError(try Reply(serializedBytes: [0x12, 0x09])) { error in
            XCTAssertEqual((error as? ProtoError)?.kind, .malformedBytes)
        }
    }
}
