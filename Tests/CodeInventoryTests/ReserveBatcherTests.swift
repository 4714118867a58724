import Bus
import CodeInventory
import Contracts
import Foundation
import XCTest

/// Reservations grouped into shared transactions: every request still gets its own codes, row
/// and event, across processes, when codes run short, and around reserve's cursor.
final class ReserveBatcherTests: XCTestCase {
    /// `callers` concurrent reserves of `count` on each harness; the raw replies.
    private func reserveConcurrently(
        _ harnesses: [CodeInventoryHarness],
        callers: Int,
        campaign: String,
        count: Int32 = 10
    ) async throws -> [Reply] {
        try await withThrowingTaskGroup(of: Reply.self) { group in
            for harness in harnesses {
                for _ in 0..<callers {
                    group.addTask { try await harness.reply("ReserveCodes", ReserveCodesRequest(campaignId: campaign, type: "tm", count: count)) }
                }
            }
            var replies: [Reply] = []
            for try await reply in group { replies.append(reply) }
            return replies
        }
    }

    func test_concurrentReserversOnTwoProcesses_getDistinctCodes_storedAndAnnouncedUnderTheirOwnReservation() async throws {
        try await withCodeInventory(poolSize: 10) { service in
            try await service.withReplica { replica in
                _ = try await service.upload(CodeInventoryHarness.csv(700, prefix: "TP"), campaign: "two")
                let replies = try await reserveConcurrently([service, replica], callers: 32, campaign: "two")
                XCTAssertEqual(replies.map(\.status), Array(repeating: .ok, count: 64))
                let reservations = try replies.map { try ReserveCodesReply(serializedBytes: Array($0.body)) }
                XCTAssertEqual(reservations.map(\.codes.count), Array(repeating: 10, count: 64))
                XCTAssertEqual(Set(reservations.flatMap(\.codes)).count, 640, "no code handed out twice")
                XCTAssertEqual(Set(reservations.map(\.reserveId)).count, 64, "one reservation id per request")

                let stored = try await service.storedReservations("two")
                XCTAssertEqual(stored.count, 640)
                for reservation in reservations {
                    XCTAssertEqual(Set(reservation.codes.map { stored[$0] }), [reservation.reserveId], "codes stored under their reservation")
                }
                let events = try await service.reservedEvents()
                XCTAssertTrue(events.allSatisfy { $0.campaignId == "two" && $0.type == "tm" && !$0.reservations.isEmpty })
                XCTAssertLessThanOrEqual(events.count, 64, "one event per reserve transaction")
                let announced = events.flatMap(\.reservations)
                XCTAssertEqual(announced.count, 64, "each reservation announced once")
                XCTAssertEqual(
                    Dictionary(uniqueKeysWithValues: announced.map { ($0.reserveId, $0.codes) }),
                    Dictionary(uniqueKeysWithValues: reservations.map { ($0.reserveId, $0.codes) }),
                    "under its own id, with its codes"
                )
                let counts = try await service.counts("two")
                XCTAssertEqual(counts.tm, CodeCounts(available: 60, reserved: 640, assigned: 0))
            }
        }
    }

    func test_concurrentReservers_whenCodesRunShort_handOutEveryCodeOnce_andRefuseTheRest() async throws {
        try await withCodeInventory(poolSize: 10) { service in
            _ = try await service.upload(CodeInventoryHarness.csv(205, prefix: "SH"), campaign: "short")
            let replies = try await reserveConcurrently([service], callers: 32, campaign: "short")
            let granted = try replies.filter { $0.status == .ok }.map { try ReserveCodesReply(serializedBytes: Array($0.body)) }
            XCTAssertEqual(Set(replies.map(\.status)), [.ok, .aborted], "the rest are refused with 409")
            XCTAssertTrue(granted.allSatisfy { !$0.codes.isEmpty }, "a granted reservation has codes")
            XCTAssertEqual(granted.flatMap(\.codes).count, 205)
            XCTAssertEqual(Set(granted.flatMap(\.codes)).count, 205, "every code once")
            let counts = try await service.counts("short")
            XCTAssertEqual(counts.tm, CodeCounts(available: 0, reserved: 205, assigned: 0))
            let events = try await service.reservedEvents()
            XCTAssertEqual(
                events.flatMap(\.reservations).map(\.reserveId).sorted(),
                granted.map(\.reserveId).sorted(),
                "the granted reservations are announced, the refused ones not"
            )
        }
    }

    func test_reserve_afterEarlierCodesWereReleased_takesThemAgain() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(30, prefix: "W"), campaign: "wrap")
            let first = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "wrap", type: "tm", count: 10),
                as: ReserveCodesReply.self
            )
            let second = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "wrap", type: "tm", count: 10),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(first.codes, (0..<10).map { String(format: "W-%06d", $0) }, "code order")
            XCTAssertEqual(second.codes, (10..<20).map { String(format: "W-%06d", $0) }, "continues after the cursor")
            _ = try await service.call(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "wrap", type: "tm", reserveId: first.reserveId),
                as: ReleaseCodesReply.self
            )
            let third = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "wrap", type: "tm", count: 20),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(
                third.codes,
                ((0..<10).map { $0 } + (20..<30).map { $0 }).map { String(format: "W-%06d", $0) },
                "the codes after the cursor, then the released ones before it"
            )
            let counts = try await service.counts("wrap")
            XCTAssertEqual(counts.tm, CodeCounts(available: 0, reserved: 30, assigned: 0))
        }
    }

    func test_reserve_takesFreshCodesThenExpiredReservations_countingOnlyFreshOnesAsMoved() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(5, prefix: "M"), campaign: "mix")
            let old = try await service.call("ReserveCodes", ReserveCodesRequest(campaignId: "mix", type: "tm", count: 3), as: ReserveCodesReply.self)
            service.clock.advance(by: 24 * 3600 + 1)
            let mixed = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "mix", type: "tm", count: 4),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(mixed.codes.count, 4)
            XCTAssertTrue(Set(["M-000003", "M-000004"]).isSubset(of: Set(mixed.codes)), "never-reserved codes first")
            XCTAssertEqual(Set(mixed.codes).subtracting(["M-000003", "M-000004"]).count, 2)
            XCTAssertTrue(Set(mixed.codes).subtracting(["M-000003", "M-000004"]).isSubset(of: Set(old.codes)), "then expired ones")
            let counts = try await service.counts("mix")
            XCTAssertEqual(counts.tm, CodeCounts(available: 1, reserved: 4, assigned: 0))
        }
    }
}
