import Bus
import CodeInventory
import Contracts
import Foundation
import ServiceKit
import XCTest

/// Promo codes on the real bus and Postgres.
final class PromoCodeServiceTests: XCTestCase {
    private func create(
        _ service: CodeInventoryHarness,
        _ code: String,
        max: Int32 = 100,
        benefit: PromoBenefit = PromoBenefit(credits: 500),
        until: String = "2026-02-01T00:00:00Z"
    ) async throws -> PromoCode {
        try await service.call(
            "CreatePromoCode",
            CreatePromoCodeRequest(code: code, benefit: benefit, maxRedemptions: max, validUntil: until),
            as: PromoCode.self,
            principal: CodeInventoryHarness.admin
        )
    }

    private static func redeem(_ service: CodeInventoryHarness, _ code: String, user: String, key: String = "") async throws -> Reply {
        try await service.reply(
            "RedeemPromo",
            RedeemPromoRequest(code: code, userId: user, idempotencyKey: key),
            principal: CodeInventoryHarness.service
        )
    }

    func test_create_get_list_andDuplicate() async throws {
        try await withCodeInventory { service in
            let created = try await create(service, "welcome", benefit: PromoBenefit(tier: "pro", days: 7))
            XCTAssertEqual(created.code, "WELCOME")
            XCTAssertEqual(created.benefit, PromoBenefit(tier: "pro", days: 7))
            XCTAssertEqual(created.validFrom, "2026-01-01T00:00:00.000Z")
            XCTAssertTrue(created.active)
            let duplicate = try await service.reply(
                "CreatePromoCode",
                CreatePromoCodeRequest(
                    code: "Welcome",
                    benefit: PromoBenefit(credits: 1),
                    maxRedemptions: 1,
                    validUntil: "2026-02-01T00:00:00Z"
                ),
                principal: CodeInventoryHarness.admin
            )
            XCTAssertEqual(duplicate.status, .alreadyExists)
            let fetched = try await service.call(
                "GetPromoCode",
                GetPromoCodeRequest(code: "welcome"),
                as: PromoCode.self,
                principal: CodeInventoryHarness.admin
            )
            XCTAssertEqual(fetched, created)
            let missing = try await service.reply("GetPromoCode", GetPromoCodeRequest(code: "NOPE"), principal: CodeInventoryHarness.admin)
            XCTAssertEqual(missing.status, .notFound)

            for index in 0..<4 { _ = try await create(service, "P\(index)X") }
            var seen: [String] = []
            var cursor = ""
            for _ in 0..<10 {
                let page = try await service.call(
                    "ListPromoCodes",
                    ListPromoCodesRequest(limit: 2, cursor: cursor),
                    as: ListPromoCodesReply.self,
                    principal: CodeInventoryHarness.admin
                )
                seen += page.promoCodes.map(\.code)
                cursor = page.nextCursor
                if cursor.isEmpty { break }
            }
            XCTAssertEqual(seen, ["P0X", "P1X", "P2X", "P3X", "WELCOME"])
            let asUser = try await service.reply("ListPromoCodes", ListPromoCodesRequest(), principal: CodeInventoryHarness.supreme)
            XCTAssertEqual(asUser.status, .permissionDenied)
        }
    }

    func test_invalidCreate_listsViolations_andWritesNothing() async throws {
        try await withCodeInventory { service in
            let reply = try await service.reply(
                "CreatePromoCode",
                CreatePromoCodeRequest(code: "a", benefit: nil, maxRedemptions: 0, validUntil: "tomorrow"),
                principal: CodeInventoryHarness.admin
            )
            XCTAssertEqual(reply.status, .invalidArgument)
            XCTAssertEqual(Set(reply.violations.map(\.field)), ["code", "benefit", "maxRedemptions", "validUntil"])
            let rows = try await service.runtime.database.pool.query("SELECT count(*) AS n FROM promo_codes")
            XCTAssertEqual(try rows[0].decode("n", as: Int.self), 0)
        }
    }

    func test_maxRedemptions5_50ConcurrentRedeemers_endAtExactly5() async throws {
        try await withCodeInventory(poolSize: 10) { service in
            _ = try await create(service, "FIVE", max: 5)
            let statuses = try await withThrowingTaskGroup(of: StatusCode.self) { group in
                for user in 0..<50 {
                    group.addTask { try await Self.redeem(service, "FIVE", user: "user-\(user)").status }
                }
                var all: [StatusCode] = []
                for try await status in group { all.append(status) }
                return all
            }
            XCTAssertEqual(statuses.filter { $0 == .ok }.count, 5)
            XCTAssertEqual(statuses.filter { $0 == .failedPrecondition }.count, 45, "the rest are told the code is used up")
            let stored = try await service.call(
                "GetPromoCode",
                GetPromoCodeRequest(code: "FIVE"),
                as: PromoCode.self,
                principal: CodeInventoryHarness.admin
            )
            XCTAssertEqual(stored.redemptions, 5)
            let rows = try await service.runtime.database.pool.query("SELECT count(*) AS n FROM promo_redemptions WHERE code = 'FIVE'")
            XCTAssertEqual(try rows[0].decode("n", as: Int.self), 5)
        }
    }

    func test_sameIdempotencyKey_sameAnswer_oneRedemption_evenConcurrently() async throws {
        try await withCodeInventory(poolSize: 10) { service in
            _ = try await create(service, "ONCE", max: 10)
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<10 { group.addTask { try await Self.redeem(service, "ONCE", user: "alice", key: "redeem-1") } }
                var all: [Reply] = []
                for try await reply in group { all.append(reply) }
                return all
            }
            XCTAssertEqual(Set(replies.map(\.status)), [.ok])
            let bodies = try replies.map { try RedeemPromoReply(serializedBytes: Array($0.body)) }
            XCTAssertTrue(bodies.allSatisfy { $0 == bodies[0] }, "every repeat answers the same redemption")
            XCTAssertEqual(bodies[0].benefit, PromoBenefit(credits: 500))
            let stored = try await service.call(
                "GetPromoCode",
                GetPromoCodeRequest(code: "ONCE"),
                as: PromoCode.self,
                principal: CodeInventoryHarness.admin
            )
            XCTAssertEqual(stored.redemptions, 1)
            // The envelope's key works the same way when the body has none.
            let viaEnvelope = try await service.call(
                "RedeemPromo",
                RedeemPromoRequest(code: "ONCE", userId: "alice"),
                as: RedeemPromoReply.self,
                principal: CodeInventoryHarness.service,
                key: "redeem-1"
            )
            XCTAssertEqual(viaEnvelope, bodies[0])
            let otherKey = try await Self.redeem(service, "ONCE", user: "alice", key: "redeem-2")
            XCTAssertEqual(otherKey.status, .alreadyExists, "one redemption per user")
            let keyOfAnother = try await Self.redeem(service, "ONCE", user: "bob", key: "redeem-1")
            XCTAssertEqual(keyOfAnother.status, .invalidArgument)
        }
    }

    func test_redeem_window_roles_andUnknownCode() async throws {
        try await withCodeInventory { service in
            _ = try await service.call(
                "CreatePromoCode",
                CreatePromoCodeRequest(
                    code: "LATER",
                    benefit: PromoBenefit(credits: 5),
                    maxRedemptions: 3,
                    validFrom: "2026-01-02T00:00:00Z",
                    validUntil: "2026-01-03T00:00:00Z"
                ),
                as: PromoCode.self,
                principal: CodeInventoryHarness.admin
            )
            let early = try await Self.redeem(service, "LATER", user: "u")
            XCTAssertEqual(early.status, .failedPrecondition)
            XCTAssertTrue(early.message.hasPrefix("not_yet_valid"), early.message)
            service.clock.set(Timestamps.parse("2026-01-02T00:00:00Z")!)
            let ok = try await Self.redeem(service, "later", user: "u")
            XCTAssertEqual(ok.status, .ok)
            service.clock.set(Timestamps.parse("2026-01-03T00:00:00Z")!)
            let late = try await Self.redeem(service, "LATER", user: "v")
            XCTAssertTrue(late.message.hasPrefix("expired"), late.message)
            let unknown = try await Self.redeem(service, "NOSUCH", user: "u")
            XCTAssertEqual(unknown.status, .notFound)
            let asAdmin = try await service.reply(
                "RedeemPromo",
                RedeemPromoRequest(code: "LATER", userId: "u"),
                principal: CodeInventoryHarness.admin
            )
            XCTAssertEqual(asAdmin.status, .permissionDenied, "RedeemPromo is for services")
        }
    }

    func test_listActive_onlyRedeemableCodes() async throws {
        try await withCodeInventory { service in
            _ = try await create(service, "ACTIVE1")
            _ = try await create(service, "USEDUP", max: 1)
            _ = try await service.call(
                "CreatePromoCode",
                CreatePromoCodeRequest(
                    code: "FUTURE",
                    benefit: PromoBenefit(credits: 5),
                    maxRedemptions: 3,
                    validFrom: "2026-06-01T00:00:00Z",
                    validUntil: "2026-07-01T00:00:00Z"
                ),
                as: PromoCode.self,
                principal: CodeInventoryHarness.admin
            )
            _ = try await Self.redeem(service, "USEDUP", user: "u")
            let page = try await service.call(
                "ListActivePromoCodes",
                ListPromoCodesRequest(),
                as: ListPromoCodesReply.self,
                principal: CodeInventoryHarness.service
            )
            XCTAssertEqual(page.promoCodes.map(\.code), ["ACTIVE1"])
        }
    }

    func test_promoCleanupJob_deactivatesExpired_andDeletesOldRedemptions() async throws {
        try await withCodeInventory { service in
            _ = try await create(service, "SHORT", until: "2026-01-05T00:00:00Z")
            _ = try await create(service, "LONG", until: "2028-01-01T00:00:00Z")
            _ = try await Self.redeem(service, "LONG", user: "old-user")
            service.clock.set(Timestamps.parse("2027-01-02T00:00:00Z")!)
            _ = try await Self.redeem(service, "LONG", user: "new-user")
            let reply = try await service.call("RunJob", RunJobRequest(job: "promo-cleanup"), as: RunJobReply.self, principal: .service("scheduler"))
            let summary = Dictionary(uniqueKeysWithValues: reply.summary.map { ($0.key, $0.value) })
            XCTAssertEqual(summary["codesDeactivated"], "1")
            XCTAssertEqual(summary["redemptionsDeleted"], "1")
            XCTAssertEqual(summary["timestamp"], "2027-01-02T00:00:00.000Z")
            let short = try await service.call(
                "GetPromoCode",
                GetPromoCodeRequest(code: "SHORT"),
                as: PromoCode.self,
                principal: CodeInventoryHarness.admin
            )
            XCTAssertFalse(short.active)
        }
    }

    func test_promoCleanup_prunesHistory_butAUserStillRedeemsACodeOnlyOnce() async throws {
        try await withCodeInventory { service in
            _ = try await create(service, "LONG", until: "2028-01-01T00:00:00Z")
            let first = try await Self.redeem(service, "LONG", user: "old-user", key: "first")
            XCTAssertEqual(first.status, .ok)
            service.clock.set(Timestamps.parse("2027-01-02T00:00:00Z")!)
            let reply = try await service.call("RunJob", RunJobRequest(job: "promo-cleanup"), as: RunJobReply.self, principal: .service("scheduler"))
            XCTAssertEqual(reply.summary.first { $0.key == "redemptionsDeleted" }?.value, "1")
            let again = try await Self.redeem(service, "LONG", user: "old-user", key: "second")
            XCTAssertEqual(again.status, .alreadyExists, "the pruned redemption still counts")
            XCTAssertEqual(again.reason, "ALREADY_REDEEMED")
            let stored = try await service.call(
                "GetPromoCode",
                GetPromoCodeRequest(code: "LONG"),
                as: PromoCode.self,
                principal: CodeInventoryHarness.admin
            )
            XCTAssertEqual(stored.redemptions, 1)
        }
    }
}
