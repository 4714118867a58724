import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Daily rewards and referrals on the real bus and Postgres, with a test clock.
final class EconomyTests: XCTestCase {
    func test_rewardAmounts_growBy500_cappedAt10000() {
        XCTAssertEqual(
            (1...20).map { DailyRewardRules.amount(streak: $0) },
            [1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000, 8500, 9000, 9500, 10_000, 10_000]
        )
    }

    func test_streakOverAMonthWithGaps_resetsAfterAMissedDay() async throws {
        try await withMarkets { service in
            let user = try await service.signedInUser()
            // Claim days 1–5, skip 6, claim 7–9, skip 10–11, claim 12 … 30 (at varying hours).
            let claimed = Set(Array(1...5) + Array(7...9) + Array(12...30))
            var streaks: [Int: Int32] = [:]
            var expectedCredits = 1000
            for day in 1...30 where claimed.contains(day) {
                service.clock.set(MarketsHarness.epoch.addingTimeInterval(TimeInterval(day) * 86_400 + TimeInterval(day % 7) * 3600))
                let reply = try await service.call("ClaimDailyCredits", ClaimDailyCreditsRequest(), as: DailyCreditsReply.self, principal: user)
                streaks[day] = reply.streak
                expectedCredits += Int(reply.amount)
                XCTAssertEqual(reply.credits, Int32(expectedCredits))
                XCTAssertEqual(reply.amount, Int32(DailyRewardRules.amount(streak: Int(reply.streak))))
            }
            XCTAssertEqual([1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 30].map { streaks[$0] }, [1, 2, 3, 4, 5, 1, 2, 3, 1, 2, 19])
            let ledger = try await service.scalar("SELECT sum(amount)::int AS v FROM credit_transactions")
            let balance = try await service.scalar("SELECT credits AS v FROM users")
            XCTAssertEqual(ledger, balance)
            XCTAssertEqual(balance, expectedCredits)
        }
    }

    func test_secondClaimSameDay_is409WithTheNextClaimTime() async throws {
        try await withMarkets { service in
            let user = try await service.signedInUser()
            _ = try await service.call("ClaimDailyCredits", ClaimDailyCreditsRequest(), as: DailyCreditsReply.self, principal: user)
            service.clock.advance(by: 3600)
            let again = try await service.reply("ClaimDailyCredits", ClaimDailyCreditsRequest(), principal: user)
            XCTAssertEqual(again.status, .alreadyExists)
            XCTAssertEqual(again.reason, "ALREADY_CLAIMED")
            XCTAssertTrue(again.message.contains("2026-12-08T00:00:00.000Z"), again.message)
        }
    }

    func test_claimRetriedWithItsKey_getsTheFirstAnswer_notAlreadyClaimed() async throws {
        try await withMarkets { service in
            let user = try await service.signedInUser()
            let first = try await service.call(
                "ClaimDailyCredits",
                ClaimDailyCreditsRequest(),
                as: DailyCreditsReply.self,
                principal: user,
                key: "daily-1"
            )
            let retried = try await service.call(
                "ClaimDailyCredits",
                ClaimDailyCreditsRequest(),
                as: DailyCreditsReply.self,
                principal: user,
                key: "daily-1"
            )
            XCTAssertEqual(retried, first, "a retry whose first answer was lost gets that answer")
            let other = try await service.reply("ClaimDailyCredits", ClaimDailyCreditsRequest(), principal: user, key: "daily-2")
            XCTAssertEqual(other.reason, "ALREADY_CLAIMED", "a new request is still refused")
        }
    }

    func test_twentyConcurrentClaims_payOnce() async throws {
        try await withMarkets(poolSize: 12) { service in
            let user = try await service.signedInUser()
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<20 { group.addTask { try await service.reply("ClaimDailyCredits", ClaimDailyCreditsRequest(), principal: user) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(replies.filter { $0.status == .ok }.count, 1)
            XCTAssertEqual(replies.filter { $0.reason == "ALREADY_CLAIMED" }.count, 19)
            let credits = try await service.scalar("SELECT credits AS v FROM users")
            XCTAssertEqual(credits, 2000)
        }
    }

    func test_referral_paysBothOnce_unknownCodeRefused() async throws {
        try await withMarkets { service in
            let referrer = try await service.signup("ref_owner")
            let referrerId = try XCTUnwrap(referrer.user?.id)
            let code = try await service.call(
                "MyReferrals",
                MyReferralsRequest(),
                as: ReferralSummary.self,
                principal: MarketsHarness.user(referrerId)
            ).code
            XCTAssertEqual(code.count, 8)
            let friend = try await service.call(
                "Signup",
                SignupRequest(
                    email: "friend@example.com",
                    password: "long enough",
                    username: "friend_1",
                    referralCode: code.lowercased()
                ),
                as: AuthReply.self,
                principal: Principal()
            )
            XCTAssertEqual(friend.user?.credits, 1200)
            let second = try await service.call(
                "Signup",
                SignupRequest(
                    email: "friend2@example.com",
                    password: "long enough",
                    username: "friend_2",
                    referralCode: code
                ),
                as: AuthReply.self,
                principal: Principal()
            )
            XCTAssertEqual(second.user?.credits, 1200)
            let summary = try await service.call(
                "MyReferrals",
                MyReferralsRequest(),
                as: ReferralSummary.self,
                principal: MarketsHarness.user(referrerId)
            )
            XCTAssertEqual(summary.referredUsers.map(\.username), ["friend_1", "friend_2"])
            XCTAssertEqual(summary.creditsEarned, 400)
            let me = try await service.call("Me", MeRequest(), as: Me.self, principal: MarketsHarness.user(referrerId))
            XCTAssertEqual(me.credits, 1400)
            let unknown = try await service.reply(
                "Signup",
                SignupRequest(
                    email: "x@example.com",
                    password: "long enough",
                    username: "nobody_1",
                    referralCode: "ZZZZZZZZ"
                ),
                principal: Principal()
            )
            XCTAssertEqual(unknown.status, .invalidArgument)
            XCTAssertEqual(unknown.violations.map(\.field), ["referralCode"])
            // A second bonus for the same new user, or one to oneself, is impossible in the database too.
            let friendId = try XCTUnwrap(friend.user?.id)
            for (referred, referrer) in [(friendId, referrerId), (referrerId, referrerId)] {
                do {
                    _ = try await service.runtime.database.pool.execute(
                        """
                        INSERT INTO referral_bonuses (referred_id, referrer_id, amount, created_at)
                        VALUES (\(UUID(uuidString: referred)!), \(UUID(uuidString: referrer)!), 200, now())
                        """
                    )
                    XCTFail("a second or self referral bonus was stored")
                } catch {}
            }
            let users = try await service.scalar("SELECT count(*)::int AS v FROM users")
            XCTAssertEqual(users, 3)
        }
    }
}
