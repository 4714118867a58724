import Bus
import Contracts
import Foundation
import Store
import XCTest

@testable import CodeInventory

/// Never-reserved codes are held by their reservation's seq range, not written (migration 0005):
/// every later change writes the row, and a row is held by range at most once.
final class RangeReservationTests: XCTestCase {
    private struct Row: Equatable {
        var stored: String
        var shown: String
        var reserveId: String?
    }

    /// Each code's row as stored in `codes` and as `code_states` shows it.
    private func rows(_ service: CodeInventoryHarness, _ campaign: String) async throws -> [String: Row] {
        let result = try await service.runtime.database.pool.query(
            """
            SELECT c.code, c.state AS stored, s.state AS shown, s.reserve_id::text AS reserve_id
            FROM codes c JOIN code_states s USING (campaign_id, code) WHERE c.campaign_id = \(campaign)
            """
        )
        var rows: [String: Row] = [:]
        for row in result {
            rows[try row.decode("code", as: String.self)] = Row(
                stored: try row.decode("stored"),
                shown: try row.decode("shown"),
                reserveId: try row.decodeIfPresent("reserve_id", as: String.self)
            )
        }
        return rows
    }

    private func reserve(_ service: CodeInventoryHarness, _ campaign: String, _ count: Int32) async throws -> ReserveCodesReply {
        try await service.call("ReserveCodes", ReserveCodesRequest(campaignId: campaign, type: "tm", count: count), as: ReserveCodesReply.self)
    }

    func test_reserve_ofNeverReservedCodes_writesNoCodeRow_andItsRangeHoldsThem() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(5, prefix: "N"), campaign: "range")
            let first = try await reserve(service, "range", 2)
            let second = try await reserve(service, "range", 2)
            let rows = try await rows(service, "range")
            XCTAssertEqual(Set(rows.values.map(\.stored)), ["available"], "no code row written")
            for code in first.codes { XCTAssertEqual(rows[code], Row(stored: "available", shown: "reserved", reserveId: first.reserveId)) }
            for code in second.codes { XCTAssertEqual(rows[code], Row(stored: "available", shown: "reserved", reserveId: second.reserveId)) }
            XCTAssertEqual(rows["N-000004"], Row(stored: "available", shown: "available", reserveId: nil))
            let ranges = try await service.runtime.database.pool.query(
                "SELECT reserve_id::text AS id, first_seq, last_seq FROM reservations WHERE campaign_id = 'range' ORDER BY first_seq"
            )
            XCTAssertEqual(
                try ranges.map { [try $0.decode("first_seq", as: Int64.self), try $0.decode("last_seq", as: Int64.self)] },
                [[1, 2], [3, 4]]
            )
            XCTAssertEqual(try ranges.map { try $0.decode("id", as: String.self) }, [first.reserveId, second.reserveId])
        }
    }

    func test_assignAndRelease_ofRangeHeldCodes_writeTheirRows_andTheReservationStopsHoldingThem() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(4, prefix: "W"), campaign: "write")
            let held = try await reserve(service, "write", 4)
            let assigned = try await service.call(
                "AssignCodes",
                AssignCodesRequest(
                    campaignId: "write",
                    type: "tm",
                    assignments: [
                        CodeAssignment(code: held.codes[0], userId: "u-1")
                    ]
                ),
                as: AssignCodesReply.self
            )
            XCTAssertEqual(assigned.assigned, [held.codes[0]])
            let released = try await service.call(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "write", type: "tm", codes: [held.codes[1]]),
                as: ReleaseCodesReply.self
            )
            XCTAssertEqual(released.released, [held.codes[1]])
            var rows = try await rows(service, "write")
            XCTAssertEqual(rows[held.codes[0]]?.stored, "assigned")
            XCTAssertEqual(rows[held.codes[1]], Row(stored: "available", shown: "available", reserveId: nil), "released: returned, not held")
            XCTAssertEqual(rows[held.codes[2]], Row(stored: "available", shown: "reserved", reserveId: held.reserveId))

            let again = try await service.call(
                "AssignCodes",
                AssignCodesRequest(
                    campaignId: "write",
                    type: "tm",
                    assignments: [
                        CodeAssignment(code: held.codes[0], userId: "u-2"), CodeAssignment(code: held.codes[1], userId: "u-2"),
                    ]
                ),
                as: AssignCodesReply.self
            )
            XCTAssertEqual(again.assigned, [])
            XCTAssertEqual(again.failed.map(\.reason), ["already_assigned", "not_reserved"])

            let rest = try await service.call(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "write", type: "tm", reserveId: held.reserveId),
                as: ReleaseCodesReply.self
            )
            XCTAssertEqual(rest.released, [held.codes[2], held.codes[3]], "only what the range still holds")
            rows = try await self.rows(service, "write")
            XCTAssertEqual(rows.values.filter { $0.shown == "reserved" }, [])
            let retaken = try await reserve(service, "write", 10)
            XCTAssertEqual(retaken.codes, [held.codes[1], held.codes[2], held.codes[3]], "returned codes, written as reserved")
            rows = try await self.rows(service, "write")
            for code in retaken.codes { XCTAssertEqual(rows[code], Row(stored: "reserved", shown: "reserved", reserveId: retaken.reserveId)) }
            let counts = try await service.counts("write")
            XCTAssertEqual(counts.tm, CodeCounts(available: 0, reserved: 3, assigned: 1))
        }
    }

    func test_expiredRange_takenOverByANewReservation_isWrittenAsItsCode_andTheOldRangeNoLongerHoldsIt() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(2, prefix: "E"), campaign: "expire")
            let old = try await reserve(service, "expire", 2)
            service.clock.advance(by: 24 * 3600 + 1)
            var counts = try await service.counts("expire")
            XCTAssertEqual(counts.tm, CodeCounts(available: 2, reserved: 0, assigned: 0), "an expired range counts as available")
            let newer = try await reserve(service, "expire", 1)
            XCTAssertEqual(newer.codes.count, 1)
            let rows = try await rows(service, "expire")
            XCTAssertEqual(rows[newer.codes[0]], Row(stored: "reserved", shown: "reserved", reserveId: newer.reserveId))
            let left = Set(old.codes).subtracting(newer.codes).first!
            XCTAssertEqual(rows[left], Row(stored: "available", shown: "reserved", reserveId: old.reserveId), "still in the expired range")

            let assignOld = try await service.call(
                "AssignCodes",
                AssignCodesRequest(
                    campaignId: "expire",
                    type: "tm",
                    assignments: [
                        CodeAssignment(code: left, userId: "u-1")
                    ]
                ),
                as: AssignCodesReply.self
            )
            XCTAssertEqual(assignOld.failed.map(\.reason), ["reservation_expired"])
            let job = try await service.call(
                "RunJob",
                RunJobRequest(job: "release-expired-reservations"),
                as: RunJobReply.self,
                principal: .service("scheduler")
            )
            XCTAssertEqual(job.processed, 1, "the code the old range still held, not the one taken over")
            let afterJob = try await self.rows(service, "expire")
            XCTAssertEqual(afterJob[left], Row(stored: "available", shown: "available", reserveId: nil))
            XCTAssertEqual(afterJob[newer.codes[0]]?.reserveId, newer.reserveId)
            counts = try await service.counts("expire")
            XCTAssertEqual(counts.tm, CodeCounts(available: 1, reserved: 1, assigned: 0))
        }
    }
}
