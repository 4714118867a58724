import Contracts
import Foundation
import XCTest

@testable import ProtoBridge

/// `ProtoMessageEncoder` / `ProtoMessageDecoder`: mirrors to and from the generic form directly.
final class ProtoMessageCoderTests: XCTestCase {
    func test_encode_storesEachKindAsItsFieldHoldsIt() throws {
        let reply = Reply(
            status: .notFound,
            message: "gone",
            violations: [FieldViolation(field: "a", description: "b")],
            body: Data([0, 255]),
            reason: "R"
        )
        let message = try reply.protoMessage()
        XCTAssertEqual(message["status"], .enumeration(5))
        XCTAssertEqual(message["message"], .string("gone"))
        XCTAssertEqual(message["body"], .bytes([0, 255]))
        XCTAssertEqual(
            message["violations"],
            .list([
                .message(
                    ProtoMessage(
                        type: FieldViolation.protoType,
                        fields: ["field": .string("a"), "description": .string("b")]
                    )
                )
            ])
        )
        let run = try RunJobReply(job: "j", processed: .max, failed: .min).protoMessage()
        XCTAssertEqual(run["processed"], .int(.max))
        XCTAssertEqual(run["failed"], .int(.min))
    }

    func test_encode_whenOptionalsAreNil_leavesThemUnset() throws {
        let message = try PromoBenefit(credits: 500).protoMessage()
        XCTAssertEqual(message.fields, ["credits": .int(500)])
        let counts = try CountCodesReply(tm: CodeCounts(available: 1), external: nil).protoMessage()
        XCTAssertNil(counts["external"])
        XCTAssertNotNil(counts["tm"])
    }

    func test_roundTrip_throughWireBytes_keepsEveryValue() throws {
        let values: [any ProtoCodable & Equatable] = [
            Envelope(
                method: "M",
                requestId: "r",
                principal: Principal(subject: "s", roles: ["a", "b"], storeId: ""),
                deadlineUnixMs: -1,
                idempotencyKey: "k",
                body: Data((0...255).map(UInt8.init))
            ),
            Envelope(method: ""),
            Reply(status: .unauthenticated, violations: [FieldViolation(field: "x", description: "y"), FieldViolation(field: "", description: "")]),
            PromoBenefit(tier: "pro", days: 0),
            PromoBenefit(),
            CountCodesReply(tm: CodeCounts(), external: CodeCounts(available: .max, reserved: .min, assigned: 0)),
            CodesReserved(
                campaignId: "c",
                type: "tm",
                reservedAt: "t",
                expiresAt: "u",
                reservations: [CodeReservation(reserveId: "id", codes: ["ä", "", "z"]), CodeReservation()]
            ),
            RunJobReply(job: "j", partial: true, processed: .max, failed: .min, summary: [], durationMs: 0),
        ]
        for value in values {
            XCTAssertTrue(try roundTrips(value), "\(value)")
        }
    }

    private func roundTrips<T: ProtoCodable & Equatable>(_ value: T) throws -> Bool {
        try T(serializedBytes: try value.serializedBytes()) == value
    }

    func test_decode_whenPresenceFieldsAreUnset_givesNilAndZeroForTheRest() throws {
        let benefit = try PromoBenefit(protoMessage: ProtoMessage(type: PromoBenefit.protoType, fields: ["days": .int(7)]))
        XCTAssertEqual(benefit, PromoBenefit(days: 7))
        // Scalars, strings, bytes and lists that are unset read as their zero values.
        let reply = try Reply(protoMessage: ProtoMessage(type: Reply.protoType))
        XCTAssertEqual(reply, Reply())
    }

    func test_encode_whenMirrorHasAPropertyTheProtoLacks_fails() {
        XCTAssertThrowsError(try Stray(method: "M", stray: 1).protoMessage()) { error in
            XCTAssertEqual((error as? ProtoError)?.kind, .typeMismatch, "\(error)")
        }
    }

    func test_encode_whenValueDoesNotFitTheField_fails() {
        XCTAssertThrowsError(try Narrow(available: Int64(Int32.max) + 1).protoMessage())
        XCTAssertThrowsError(try WrongKind(method: 3).protoMessage())
    }

    func test_decode_whenEnumNumberIsUnknown_fails() throws {
        let generic = ProtoMessage(type: Reply.protoType, fields: ["status": .enumeration(99)])
        XCTAssertThrowsError(try Reply(serializedBytes: try generic.serializedBytes()))
    }

    func test_decode_whenRequiredMessageIsUnset_fails() throws {
        XCTAssertThrowsError(try NeedsPrincipal(protoMessage: ProtoMessage(type: Envelope.protoType)))
        let present = ProtoMessage(type: Envelope.protoType, fields: ["principal": .message(ProtoMessage(type: Principal.protoType))])
        XCTAssertEqual(try NeedsPrincipal(protoMessage: present).principal, Principal(subject: "", roles: [], storeId: ""))
    }
}

/// Mirrors that do not match their proto, for the error cases.
private struct Stray: ProtoCodable {
    static let protoName = "platform.Envelope"
    var method: String
    var stray: Int32
}

private struct Narrow: ProtoCodable {
    static let protoName = "code_inventory.CodeCounts"
    var available: Int64
}

private struct WrongKind: ProtoCodable {
    static let protoName = "platform.Envelope"
    var method: Int32
}

private struct NeedsPrincipal: ProtoCodable {
    static let protoName = "platform.Envelope"
    var principal: Principal
}
