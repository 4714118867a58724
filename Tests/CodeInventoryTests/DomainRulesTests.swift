import CodeInventory
import Foundation
import ServiceKit
import XCTest

/// Pure rules, with a test clock: the 24 h boundary is exact.
final class DomainRulesTests: XCTestCase {
    let reservedAt = Date(timeIntervalSince1970: 1_767_225_600)

    func test_reservation_isHeldAtExactly24h_andExpiredOneMillisecondLater() {
        let clock = ManualClock(reservedAt)
        XCTAssertTrue(ReservationPolicy.isHeld(reservedAt: reservedAt, now: clock.now()))
        clock.advance(by: 24 * 3600 - 0.001)
        XCTAssertTrue(ReservationPolicy.isHeld(reservedAt: reservedAt, now: clock.now()))
        clock.set(reservedAt.addingTimeInterval(24 * 3600))
        XCTAssertTrue(ReservationPolicy.isHeld(reservedAt: reservedAt, now: clock.now()), "exactly 24 h: not older than 24 h")
        XCTAssertFalse(ReservationPolicy.expiryCutoff(now: clock.now()) > reservedAt, "SQL `reserved_at < cutoff` agrees")
        clock.advance(by: 0.001)
        XCTAssertFalse(ReservationPolicy.isHeld(reservedAt: reservedAt, now: clock.now()))
        XCTAssertTrue(ReservationPolicy.expiryCutoff(now: clock.now()) > reservedAt)
    }

    func test_assignDecision_reasons_andBoundary() {
        let stored: [String: StoredCode] = [
            "R": StoredCode(code: "R", state: .reserved, reservedAt: reservedAt),
            "A": StoredCode(code: "A", state: .available, reservedAt: nil),
            "D": StoredCode(code: "D", state: .assigned, reservedAt: reservedAt),
        ]
        let items: [AssignCommand.Item] = [
            .init(code: "R", userId: "u1"), .init(code: "A", userId: "u2"), .init(code: "D", userId: "u3"),
            .init(code: "X", userId: "u4"), .init(code: "R", userId: "u5"),
        ]
        let atBoundary = CodeDecision.assign(items, stored: stored, now: reservedAt.addingTimeInterval(24 * 3600))
        XCTAssertEqual(atBoundary.assign, [.init(code: "R", userId: "u1")])
        XCTAssertEqual(atBoundary.failed.map(\.code), ["A", "D", "X", "R"])
        XCTAssertEqual(atBoundary.failed.map(\.reason), [.notReserved, .alreadyAssigned, .unknownCode, .duplicateInRequest])
        let after = CodeDecision.assign(items, stored: stored, now: reservedAt.addingTimeInterval(24 * 3600 + 0.001))
        XCTAssertEqual(after.assign, [])
        XCTAssertEqual(after.failed.first?.reason, .reservationExpired)
    }

    func test_releaseDecision() {
        let stored: [String: StoredCode] = [
            "R": StoredCode(code: "R", state: .reserved, reservedAt: reservedAt),
            "A": StoredCode(code: "A", state: .available, reservedAt: nil),
            "D": StoredCode(code: "D", state: .assigned, reservedAt: reservedAt),
        ]
        let decision = CodeDecision.release(["R", "A", "D", "X"], stored: stored)
        XCTAssertEqual(decision.release, ["R"])
        XCTAssertEqual(decision.failed.map(\.reason), [.notReserved, .alreadyAssigned, .unknownCode])
    }

    func test_reserveValidation_listsEveryProblem() {
        XCTAssertThrowsError(try ReserveCommand.validate(campaignId: "", type: "vip", count: 0)) { error in
            guard case CodeInventoryError.invalid(let violations) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(violations.map(\.field), ["campaignId", "type", "count"])
        }
        XCTAssertThrowsError(try ReserveCommand.validate(campaignId: "c1", type: "tm", count: 1001))
        XCTAssertThrowsError(try ReserveCommand.validate(campaignId: "c/1", type: "tm", count: 1))
        XCTAssertEqual(try ReserveCommand.validate(campaignId: "c-1", type: "external", count: 1000).count, 1000)
    }

    func test_releaseValidation_codesOrReserveId() {
        XCTAssertThrowsError(try ReleaseCommand.validate(campaignId: "c", type: "tm", codes: [], reserveId: ""))
        XCTAssertThrowsError(try ReleaseCommand.validate(campaignId: "c", type: "tm", codes: ["a"], reserveId: UUID().uuidString))
        XCTAssertThrowsError(try ReleaseCommand.validate(campaignId: "c", type: "tm", codes: [], reserveId: "nope"))
        let id = UUID()
        XCTAssertEqual(try ReleaseCommand.validate(campaignId: "c", type: "tm", codes: [], reserveId: id.uuidString).selection, .reservation(id))
    }

    func test_releaseReservation_saysWhyEachCodeItNoLongerHoldsStayed() {
        let reservedAt = Date(timeIntervalSince1970: 0)
        let held = CodeDecision.releaseReservation(
            notHeld: ["b", "a"],
            assigned: ["b"],
            reservedAt: reservedAt,
            now: reservedAt.addingTimeInterval(ReservationPolicy.lifetime)
        )
        XCTAssertEqual(held.map(\.code), ["a", "b"])
        XCTAssertEqual(held.map(\.reason), [.notReserved, .alreadyAssigned], "exactly 24 h: not expired, so released earlier")
        let expired = CodeDecision.releaseReservation(
            notHeld: ["b", "a"],
            assigned: ["b"],
            reservedAt: reservedAt,
            now: reservedAt.addingTimeInterval(ReservationPolicy.lifetime + 0.001)
        )
        XCTAssertEqual(expired.map(\.reason), [.reservationExpired, .alreadyAssigned])
    }

    func test_fileKey_typeComesFromThePath_andUnsafeKeysAreRefused() throws {
        let key = try FileKey.parse("codes/camp-1/external/batch 1.csv", campaignId: "camp-1", type: "")
        XCTAssertEqual(key.target, ImportTarget(campaignId: "camp-1", type: .external))
        for bad in [
            "", "codes/camp-1/tm/../x.csv", "/codes/camp-1/tm/a.csv", "codes/camp-1/tm/a.txt", "codes/other/tm/a.csv",
            "codes/camp-1/vip/a.csv", "codes/camp-1/tm/sub/a.csv", "codes/camp-1/tm/.csv", "codes//tm/a.csv",
        ] {
            XCTAssertThrowsError(try FileKey.parse(bad, campaignId: "camp-1", type: ""), bad)
        }
        XCTAssertThrowsError(try FileKey.parse("codes/camp-1/tm/a.csv", campaignId: "camp-1", type: "external"))
    }

    func test_counts_moveExpiredReservationsToAvailable() {
        XCTAssertEqual(CodeTally(available: 5, reserved: 3, assigned: 2).movingExpired(2), CodeTally(available: 7, reserved: 1, assigned: 2))
        XCTAssertEqual(CodeTally(available: 0, reserved: 1, assigned: 0).movingExpired(5), CodeTally(available: 1, reserved: 0, assigned: 0))
    }

    func test_promoValidation_andWindow() throws {
        let now = reservedAt
        let promo = try NewPromoCode.validate(
            code: " summer-25 ",
            credits: 500,
            tier: nil,
            days: nil,
            hasBenefit: true,
            maxRedemptions: 5,
            validFrom: "",
            validUntil: "2026-02-01T00:00:00Z",
            now: now
        )
        XCTAssertEqual(promo.code, "SUMMER-25")
        XCTAssertEqual(promo.benefit, .credits(500))
        XCTAssertEqual(promo.validFrom, now)
        XCTAssertThrowsError(
            try NewPromoCode.validate(
                code: "x",
                credits: 500,
                tier: "pro",
                days: 7,
                hasBenefit: true,
                maxRedemptions: 0,
                validFrom: "soon",
                validUntil: "",
                now: now
            )
        ) { error in
            guard case CodeInventoryError.invalid(let violations) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(Set(violations.map(\.field)), ["code", "benefit", "maxRedemptions", "validFrom", "validUntil"])
        }
        XCTAssertEqual(
            try NewPromoCode.validate(
                code: "PRO7",
                credits: nil,
                tier: "pro",
                days: 7,
                hasBenefit: true,
                maxRedemptions: 1,
                validFrom: "2026-01-01T00:00:00.000Z",
                validUntil: "2026-01-02T00:00:00Z",
                now: now
            ).benefit,
            .tier("pro", days: 7)
        )

        var record = PromoCodeRecord(
            code: "P",
            benefit: .credits(1),
            maxRedemptions: 2,
            redemptions: 0,
            validFrom: now,
            validUntil: now.addingTimeInterval(3600),
            active: true,
            createdAt: now
        )
        XCTAssertNil(PromoRules.refusal(record, now: now), "validFrom is inside the window")
        XCTAssertEqual(PromoRules.refusal(record, now: now.addingTimeInterval(-0.001)), .notYetValid)
        XCTAssertEqual(PromoRules.refusal(record, now: now.addingTimeInterval(3600)), .expired, "validUntil is outside")
        record.redemptions = 2
        XCTAssertEqual(PromoRules.refusal(record, now: now), .exhausted)
        record.active = false
        XCTAssertEqual(PromoRules.refusal(record, now: now), .inactive)
    }
}
