import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import Synchronization
import XCTest

/// Tiers: the global override, promo codes redeemed at the real code-inventory, and the tier jobs.
final class TierTests: XCTestCase {
    private final class RecordingSender: NotificationSender {
        let messages = Mutex<[(UUID, String)]>([])
        func send(userId: UUID, message: String) async throws { messages.withLock { $0.append((userId, message)) } }
        var count: Int { messages.withLock { $0.count } }
    }

    private func me(_ service: MarketsHarness, _ user: Principal) async throws -> Me {
        try await service.call("Me", MeRequest(), as: Me.self, principal: user)
    }

    private func setTier(_ service: MarketsHarness, _ user: Principal, _ tier: String, until: Date, source: String = "admin") async throws {
        _ = try await service.runtime.database.pool.execute(
            """
            UPDATE users SET tier = \(tier), tier_source = \(source), tier_expires_at = \(until) WHERE id = \(UUID(uuidString: user.subject)!)
            """
        )
    }

    func test_globalOverride_raisesEffectiveTier_untilItExpires_andNeverLowersAHigherOwnTier() async throws {
        try await withMarkets { service in
            let free = try await service.signedInUser()
            let premium = try await service.signedInUser()
            try await setTier(service, premium, "premium", until: service.clock.now().addingTimeInterval(30 * 86_400))
            var view = try await me(service, free)
            XCTAssertEqual([view.tier, view.tierSource, view.tierExpiresAt], ["free", "default", ""])
            let end = service.clock.now().addingTimeInterval(2 * 86_400)
            _ = try await service.call(
                "SetTierOverride",
                SetTierOverrideRequest(tier: "pro", expiresAt: Timestamps.format(end)),
                as: TierOverride.self
            )
            view = try await me(service, free)
            XCTAssertEqual([view.tier, view.tierSource, view.tierExpiresAt], ["pro", "global_override", Timestamps.format(end)])
            view = try await me(service, premium)
            XCTAssertEqual([view.tier, view.tierSource], ["premium", "admin"])
            let check = try await service.runJob("global-override-check")
            XCTAssertEqual(check.summary.first?.value, "active")
            service.clock.set(end)
            view = try await me(service, free)
            XCTAssertEqual(view.tier, "free", "an expired override no longer counts, even before the job clears it")
            let value1 = try await service.runJob("global-override-check").summary.first?.value
            XCTAssertEqual(value1, "cleared")
            let value2 = try await service.runJob("global-override-check").summary.first?.value
            XCTAssertEqual(value2, "none")
            let bad = try await service.reply("SetTierOverride", SetTierOverrideRequest(tier: "gold", expiresAt: "2020-01-01T00:00:00Z"))
            XCTAssertEqual(bad.violations.map(\.field), ["tier", "expiresAt"])
            let notAdmin = try await service.reply(
                "SetTierOverride",
                SetTierOverrideRequest(tier: "pro", expiresAt: Timestamps.format(end)),
                principal: free
            )
            XCTAssertEqual(notAdmin.status, .permissionDenied)
        }
    }

    func test_tierExpiration_job_dropsExpiredTiersToFree() async throws {
        try await withMarkets { service in
            let expired = try await service.signedInUser()
            let current = try await service.signedInUser()
            try await setTier(service, expired, "pro", until: service.clock.now().addingTimeInterval(-60), source: "promo")
            try await setTier(service, current, "pro", until: service.clock.now().addingTimeInterval(3600), source: "promo")
            let job = try await service.runJob("tier-expiration")
            XCTAssertEqual(job.processed, 1)
            let rows = try await service.runtime.database.pool.query(
                "SELECT tier, tier_source, tier_expires_at IS NULL AS cleared FROM users ORDER BY tier"
            )
            XCTAssertEqual(try rows.map { try $0.decode("tier", as: String.self) }, ["free", "pro"])
            XCTAssertEqual(try rows[0].decode("tier_source", as: String.self), "default")
            XCTAssertTrue(try rows[0].decode("cleared", as: Bool.self))
            let value3 = try await service.runJob("tier-expiration").processed
            XCTAssertEqual(value3, 0)
        }
    }

    func test_trialReminder_sendsEachThresholdOnce() async throws {
        let sender = RecordingSender()
        try await withMarkets(notifications: sender) { service in
            let user = try await service.signedInUser()
            try await setTier(service, user, "pro", until: service.clock.now().addingTimeInterval(2.5 * 86_400), source: "promo")
            let value4 = try await service.runJob("trial-reminder").processed
            XCTAssertEqual(value4, 1)
            let value5 = try await service.runJob("trial-reminder").processed
            XCTAssertEqual(value5, 0, "the 3-day reminder is sent once")
            service.clock.advance(by: 2 * 86_400)  // 12 h left
            let value6 = try await service.runJob("trial-reminder").processed
            XCTAssertEqual(value6, 1)
            let value7 = try await service.runJob("trial-reminder").processed
            XCTAssertEqual(value7, 0)
            XCTAssertEqual(sender.count, 2)
            XCTAssertTrue(sender.messages.withLock { $0.last?.1.contains("1-day") ?? false })
        }
    }

    func test_promoRedeem_appliesOnce_evenWhenAReplyWasLostAndTheCallRetried() async throws {
        let clock = ManualClock(MarketsHarness.epoch)
        try await withCodeInventoryPeer(clock: clock) { inventory in
            try await withMarkets(clock: clock, promoRedeemer: inventory.redeemer) { service in
                try await inventory.createPromo("WELCOME500", benefit: PromoBenefit(credits: 500))
                try await inventory.createPromo("PROWEEK", benefit: PromoBenefit(tier: "pro", days: 7))
                let user = try await service.signedInUser()
                let first = try await service.call(
                    "RedeemPromoCode",
                    RedeemPromoCodeRequest(code: "welcome500"),
                    as: PromoCodeRedeemed.self,
                    principal: user
                )
                XCTAssertEqual([first.credits, first.balance], [500, 1500])
                // The client never saw that answer and retries: same redemption, applied once.
                let retry = try await service.call(
                    "RedeemPromoCode",
                    RedeemPromoCodeRequest(code: "WELCOME500"),
                    as: PromoCodeRedeemed.self,
                    principal: user
                )
                XCTAssertEqual(retry.balance, 1500)
                // markets' own call got through to code-inventory but its reply was lost: the redemption
                // exists there already; markets' retry with the same key applies it (once).
                let other = try await service.signedInUser()
                let key = "markets-promo:\(other.subject):WELCOME500"
                _ = try await inventory.redeemer.redeem(code: "WELCOME500", userId: other.subject, idempotencyKey: key)
                let applied = try await service.call(
                    "RedeemPromoCode",
                    RedeemPromoCodeRequest(code: "WELCOME500"),
                    as: PromoCodeRedeemed.self,
                    principal: other
                )
                XCTAssertEqual(applied.balance, 1500)
                let again = try await service.call(
                    "RedeemPromoCode",
                    RedeemPromoCodeRequest(code: "WELCOME500"),
                    as: PromoCodeRedeemed.self,
                    principal: other
                )
                XCTAssertEqual(again.balance, 1500)
                let promoCredits = try await service.scalar("SELECT sum(amount)::int AS v FROM credit_transactions WHERE type = 'promo'")
                XCTAssertEqual(promoCredits, 1000)
                let tier = try await service.call(
                    "RedeemPromoCode",
                    RedeemPromoCodeRequest(code: "PROWEEK"),
                    as: PromoCodeRedeemed.self,
                    principal: user
                )
                XCTAssertEqual(tier.tierExpiresAt, Timestamps.format(clock.now().addingTimeInterval(7 * 86_400)))
                let view = try await me(service, user)
                XCTAssertEqual([view.tier, view.tierSource], ["pro", "promo"])
                let unknown = try await service.reply("RedeemPromoCode", RedeemPromoCodeRequest(code: "NOPE123"), principal: user)
                XCTAssertEqual(unknown.status, .notFound)
                let bad = try await service.reply("RedeemPromoCode", RedeemPromoCodeRequest(code: "'; drop"), principal: user)
                XCTAssertEqual(bad.violations.map(\.field), ["code"])
            }
        }
    }
}
