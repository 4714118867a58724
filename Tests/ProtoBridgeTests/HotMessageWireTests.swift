import Contracts
import Foundation
import XCTest

@testable import ProtoBridge

/// The hot messages mapped to protoc-c's structs by hand (`Event`, `HealthRequest` and `HealthReply`, code-inventory's reserve
/// request, reply and event, loyalty's till requests, replies and events, markets' bet) stay byte for byte in step with the generic descriptor-driven path.
final class HotMessageWireTests: XCTestCase {
    private func generic<T: ProtoCodable>(_ value: T) throws -> [UInt8] { try value.protoMessage().serializedBytes() }
    private func generic<T: ProtoCodable>(_: T.Type, _ bytes: [UInt8]) throws -> T {
        try T(protoMessage: ProtoMessage(type: T.protoType, serializedBytes: bytes))
    }

    /// Encodes each value both ways and decodes the bytes both ways.
    private func assertInStep<T: ProtoCodable & Equatable>(_ values: [T], file: StaticString = #filePath, line: UInt = #line) throws {
        for value in values {
            let bytes = try value.serializedBytes()
            XCTAssertEqual(bytes, try generic(value), "\(value)", file: file, line: line)
            XCTAssertEqual(try T(serializedBytes: bytes), value, file: file, line: line)
            XCTAssertEqual(try generic(T.self, bytes), value, file: file, line: line)
        }
    }

    func test_event_encodesTheSameBytesAsTheGenericPath_andDecodesBoth() throws {
        try assertInStep([
            Event(
                id: "0b3c",
                topic: "code-inventory.codes_reserved",
                occurredAtUnixMs: 1_800_000_000_123,
                payload: Data([0, 1, 2, 0xFF, 0]),
                sequence: 42,
                source: "code-inventory"
            ),
            Event(id: "", topic: "", occurredAtUnixMs: 0, payload: Data(), sequence: 0, source: ""),
            Event(
                id: "é",
                topic: "loyalty.points_earned",
                occurredAtUnixMs: -5,
                payload: Data(repeating: 7, count: 70_000),
                sequence: .max,
                source: "лояльность"
            ),
        ])
    }

    func test_reserveMessages_encodeTheSameBytesAsTheGenericPath_andDecodeBoth() throws {
        try assertInStep([
            ReserveCodesRequest(campaignId: "camp-1", type: "tm", count: 10),
            ReserveCodesRequest(),
            ReserveCodesRequest(campaignId: "кампания", type: "external", count: -1),
        ])
        try assertInStep([
            ReserveCodesReply(reserveId: "f0e1", codes: ["A-1", "B-2", "код-3", String(repeating: "x", count: 128)]),
            ReserveCodesReply(),
            ReserveCodesReply(reserveId: "", codes: [""]),
        ])
    }

    func test_codesReserved_encodesTheSameBytesAsTheGenericPath_andDecodesBoth() throws {
        try assertInStep([
            CodesReserved(
                campaignId: "camp-1",
                type: "tm",
                reservedAt: "2026-11-22T09:00:00.000Z",
                expiresAt: "2026-11-23T09:00:00.000Z",
                reservations: [
                    CodeReservation(reserveId: "a1", codes: ["A-1", "A-2"]),
                    CodeReservation(reserveId: "b2", codes: ["код-3"]),
                    CodeReservation(reserveId: "", codes: []),
                ]
            ),
            CodesReserved(),
            CodesReserved(campaignId: "c", reservations: [CodeReservation(reserveId: "x", codes: (0..<1_000).map { "C-\($0)" })]),
        ])
    }

    func test_hotMessages_fromMalformedBytes_throwMalformed() {
        let malformed: [[UInt8]] = [[0x0A, 0x05, 0x41], [0xFF, 0xFF, 0xFF]]
        for bytes in malformed {
            for decode in [
                { _ = try Event(serializedBytes: bytes) }, { _ = try ReserveCodesRequest(serializedBytes: bytes) },
                { _ = try ReserveCodesReply(serializedBytes: bytes) }, { _ = try CodesReserved(serializedBytes: bytes) },
            ] {
                XCTAssertThrowsError(try decode()) { error in
                    XCTAssertEqual((error as? ProtoError)?.kind, .malformedBytes, "\(bytes)")
                }
            }
        }
    }

    func test_healthMessages_encodeTheSameBytesAsTheGenericPath_andDecodeBoth() throws {
        try assertInStep([
            HealthReply(service: "loyalty", version: "1.0.0", databaseReachable: true, uptimeSeconds: 86_400, instance: "loyalty-1"),
            HealthReply(),
            HealthReply(service: "é", version: "", databaseReachable: false, uptimeSeconds: .min, instance: "x"),
        ])
        try assertInStep([HealthRequest()])
        // Unknown fields are skipped, as the generic path does.
        XCTAssertEqual(try HealthRequest(serializedBytes: [0x08, 0x01]), HealthRequest())
        XCTAssertThrowsError(try HealthRequest(serializedBytes: [0x0A, 0x05, 0x41])) {
            XCTAssertEqual(($0 as? ProtoError)?.kind, .malformedBytes)
        }
    }

    func test_loyaltyTillRequests_encodeTheSameBytesAsTheGenericPath_andDecodeBoth() throws {
        try assertInStep([
            EarnRequest(card: "100001", storeId: 3, amount: "1234.50"),
            EarnRequest(),
            EarnRequest(card: "карта", storeId: -1, amount: " 1e3 "),
        ])
        try assertInStep([
            RedeemRequest(card: "100001", storeId: 3, amount: "1234.50", points: 100),
            RedeemRequest(),
            RedeemRequest(card: "é", storeId: .max, amount: "", points: .min),
        ])
        XCTAssertThrowsError(try RedeemRequest(serializedBytes: [0x0A, 2, 0x31, 0x00])) {
            XCTAssertEqual(($0 as? ProtoError)?.violations.map(\.field), ["card"])
        }
    }

    func test_loyaltyTillRepliesAndEvents_encodeTheSameBytesAsTheGenericPath() throws {
        try assertInStep([
            EarnReply(transactionId: 9_000_000_001, pointsEarned: 40, balance: 10_040),
            EarnReply(),
            EarnReply(transactionId: .max, pointsEarned: -1, balance: .min),
        ])
        try assertInStep([
            RedeemReply(transactionId: 12, pointsRedeemed: 100, pointsEarned: 3, balance: 9_903, discountId: 77),
            RedeemReply(),
            RedeemReply(transactionId: -1, pointsRedeemed: .max, pointsEarned: .min, balance: 0, discountId: .max),
        ])
        try assertInStep([
            PointsEarned(
                card: "100001",
                storeId: 3,
                points: 40,
                balance: 10_040,
                entryId: 5,
                occurredAt: "2026-12-07T10:00:00.000Z",
                expiresAt: "2027-01-21T10:00:00.000Z"
            ),
            PointsEarned(),
            PointsEarned(card: "карта", storeId: -2, points: .max, balance: .min, entryId: .min, occurredAt: "", expiresAt: "é"),
        ])
        try assertInStep([
            PointsRedeemed(
                card: "100001",
                storeId: 3,
                points: 100,
                balance: 9_903,
                entryId: 6,
                discountId: 77,
                occurredAt: "2026-12-07T10:00:00.000Z"
            ),
            PointsRedeemed(),
        ])
        try assertInStep([
            DiscountPending(discountId: 77, storeId: 3, card: "100001", amount: 100, expiresAt: "2026-12-07T10:01:30.000Z"),
            DiscountPending(),
        ])
    }

    func test_marketsBetMessages_encodeTheSameBytesAsTheGenericPath_andDecodeBoth() throws {
        try assertInStep([
            PlaceBetRequest(marketId: "00000000-0000-4000-8000-000000000001", outcome: "Yes", amount: 100),
            PlaceBetRequest(),
            PlaceBetRequest(marketId: " x ", outcome: "Да", amount: -1),
        ])
        try assertInStep([
            Bet(
                id: "0b3c",
                marketId: "00000000-0000-4000-8000-000000000001",
                outcome: "Yes",
                amount: 100,
                shares: "153.846153",
                price: 0.65,
                status: "open",
                payout: 0,
                proceeds: 0,
                createdAt: "2026-12-07T10:00:00.000Z",
                settledAt: "",
                unfilled: 7
            ),
            Bet(),
            Bet(id: "é", outcome: "Нет", amount: .min, price: -1e-300, status: "refunded", payout: -5, proceeds: .max, settledAt: "x"),
        ])
        try assertInStep([
            BetPlaced(
                betId: "0b3c",
                userId: "00000000-0000-4000-9000-000000000001",
                marketId: "00000000-0000-4000-8000-000000000001",
                outcome: "Yes",
                amount: 100,
                shares: "153.846153",
                occurredAt: "2026-12-07T10:00:00.000Z"
            ),
            BetPlaced(),
        ])
    }

    func test_placeBetRequest_fromMalformedBytesOrWithNul_isRefused() {
        XCTAssertThrowsError(try PlaceBetRequest(serializedBytes: [0x0A, 0x05, 0x41])) {
            XCTAssertEqual(($0 as? ProtoError)?.kind, .malformedBytes)
        }
        // Field 2 (outcome), length 3: "Y\0s" — protobuf-c alone would read "Y".
        XCTAssertThrowsError(try PlaceBetRequest(serializedBytes: [0x12, 3, 0x59, 0x00, 0x73])) {
            XCTAssertEqual(($0 as? ProtoError)?.violations.map(\.field), ["outcome"])
        }
    }

    func test_loyaltyTillEvent_withNulInAString_isRefusedBeforeAnythingIsPacked() {
        XCTAssertThrowsError(try DiscountPending(discountId: 1, storeId: 1, card: "10\u{0}001", amount: 1, expiresAt: "").serializedBytes()) {
            XCTAssertEqual(($0 as? ProtoError)?.kind, .invalidFields)
        }
    }
}
