import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// CANCEL: each user gets back what they put into the market minus what they took out (every bet,
/// open or sold), so a cancelled market nets everyone to zero; a profit already spent is taken back
/// as a debt, never left as credits created.
final class CancelSettlementTests: XCTestCase {
    func test_oneAccount_yesAndNo_withTheYesSoldForLittle_getsBackExactlyWhatItPutIn() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let yes = try await service.bet(user, market, "YES", 400)  // 800 shares
            _ = try await service.bet(user, market, "NO", 400)
            try await service.setPrice(market, "YES", 15_000)
            let sale = try await service.sell(user, yes)
            XCTAssertEqual(sale.proceeds, 12)
            let afterSale = try await service.credits(user)
            XCTAssertEqual(afterSale, 212)
            let reply = try await service.resolve(market, "cancel")
            XCTAssertEqual(reply, ResolveReply(marketId: market, outcome: "CANCEL", betsSettled: 2, creditsPaid: 388 + 400, changed: true))
            let credits = try await service.credits(user)
            XCTAssertEqual(credits, 1000, "the sold bet's stake less its 12 proceeds comes back too (not 612)")
            let sold = try await service.call("GetBet", GetBetRequest(betId: yes.id), as: Bet.self, principal: service.principal(user))
            XCTAssertEqual([sold.status, String(sold.payout), String(sold.proceeds)], ["refunded", "388", "12"])
            let statuses = try await service.scalar("SELECT count(*)::int AS v FROM bets WHERE status = 'refunded'")
            XCTAssertEqual(statuses, 2)
            let market2 = try await service.runtime.database.pool.query("SELECT status FROM markets")
            XCTAssertEqual(try market2[0].decode("status", as: String.self), "cancelled")
            let again = try await service.resolve(market, "CANCEL")
            XCTAssertEqual(again, ResolveReply(marketId: market, outcome: "CANCEL", changed: false))
            try await service.assertMoneyInvariant()
        }
    }

    func test_twoAccounts_aSaleAboveTheStakeIsTakenBack_soTheirTotalStaysTheSame() async throws {
        try await withMarkets { service in
            let a = try await service.signup()
            let b = try await service.signup()
            try await service.grant(a, 6000)
            try await service.grant(b, 6000)
            func total() async throws -> Int { try await service.credits(a) + service.credits(b) }
            let before = try await total()
            XCTAssertEqual(before, 14_000)
            let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let bet = try await service.bet(a, market, "YES", 500)  // 1000 shares
            try await service.setPrice(market, "YES", 583_000)
            let sale = try await service.sell(a, bet)
            XCTAssertEqual(sale.proceeds, 583)
            _ = try await service.bet(b, market, "NO", 5000)
            let reply = try await service.resolve(market, "CANCEL")
            XCTAssertEqual([reply.betsSettled, reply.creditsPaid, reply.creditsClawedBack], [2, 5000, 83])
            let balances = try await [service.credits(a), service.credits(b)]
            XCTAssertEqual(balances, [7000, 7000])
            let after = try await total()
            XCTAssertEqual(after, 14_000, "not 14,083: the cancel created nothing")
            let ledger = try await service.runtime.database.pool.query(
                """
                SELECT type, amount, balance_after FROM credit_transactions WHERE reference = \(bet.id) ORDER BY id
                """
            )
            XCTAssertEqual(try ledger.map { try $0.decode("type", as: String.self) }, ["bet", "sale", "clawback"])
            XCTAssertEqual(try ledger.last?.decode("amount", as: Int.self), -83)
            let clawed = try await service.call("GetBet", GetBetRequest(betId: bet.id), as: Bet.self, principal: service.principal(a))
            XCTAssertEqual([clawed.status, String(clawed.payout)], ["refunded", "-83"])
            try await service.assertMoneyInvariant()
            let job = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(job.processed, 0, "claw-backs count in the PnL the ledger rebuilds")
            let pnl = try await service.scalar("SELECT coalesce(sum(abs(pnl)), 0)::int AS v FROM user_stats")
            XCTAssertEqual(pnl, 0, "a cancelled market leaves no profit or loss")
        }
    }

    func test_aProfitAlreadySpent_isTakenBackAsADebt_thatBlocksSpending_andIncomingCreditsPayOff() async throws {
        try await withMarkets { service in
            let a = try await service.signup()
            let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let other = try await service.quotedMarket()
            let bet = try await service.bet(a, market, "YES", 500)
            try await service.setPrice(market, "YES", 583_000)
            _ = try await service.sell(a, bet)
            _ = try await service.bet(a, other, "NO", 1083)  // spends everything
            let spent = try await service.credits(a)
            XCTAssertEqual(spent, 0)
            let reply = try await service.resolve(market, "CANCEL")
            XCTAssertEqual(reply.creditsClawedBack, 83)
            let debt = try await service.credits(a)
            XCTAssertEqual(debt, -83, "the whole profit is taken back: what cannot be paid is owed")
            let entry = try await service.runtime.database.pool.query(
                "SELECT amount, balance_after FROM credit_transactions WHERE type = 'clawback'"
            )
            XCTAssertEqual(try entry.map { [try $0.decode("amount", as: Int.self), try $0.decode("balance_after", as: Int.self)] }, [[-83, -83]])
            let refused = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(marketId: other, outcome: "YES", amount: 10),
                principal: service.principal(a)
            )
            XCTAssertEqual(refused.reason, "INSUFFICIENT_CREDITS")
            let reward = try await service.call(
                "ClaimDailyCredits",
                ClaimDailyCreditsRequest(),
                as: DailyCreditsReply.self,
                principal: service.principal(a)
            )
            XCTAssertEqual(reward.credits, 1000 - 83, "incoming credits pay the debt off first")
            try await service.assertMoneyInvariant()
        }
    }

    func test_aSpendingDebitStillCannotGoBelowZero() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let market = try await service.quotedMarket()
            let refused = try await service.reply(
                "PlaceBet",
                PlaceBetRequest(marketId: market, outcome: "YES", amount: 1001),
                principal: service.principal(user)
            )
            XCTAssertEqual(refused.reason, "INSUFFICIENT_CREDITS")
            do {
                try await service.runtime.database.pool.execute(
                    """
                    INSERT INTO credit_transactions (user_id, type, amount, balance_after, created_at)
                    VALUES (\(UUID(uuidString: user.user!.id)!), 'bet', -2000, -1000, now())
                    """
                )
                XCTFail("a debit other than a claw-back cannot leave a debt")
            } catch {
                XCTAssertTrue("\(error)".contains("credit_transactions_debt_only_by_clawback"), "\(error)")
            }
        }
    }
}
