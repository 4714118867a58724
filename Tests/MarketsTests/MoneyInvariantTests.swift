import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// The money invariants (`assertMoneyInvariant`) through a busy mix of everything that moves credits.
final class MoneyInvariantTests: XCTestCase {
    func test_noCreditIsMadeOrLost_acrossBetsSellsPayoutsAndRefunds() async throws {
        try await withMarkets { service in
            let users = try await (0..<6).asyncMap { _ in try await service.signup() }
            let quoted = try await service.quotedMarket([("YES", 370_000), ("NO", 630_000)])
            let cpmm = try await service.cpmmMarket(p: 0.45, liquidity: 700)
            let doomed = try await service.cpmmMarket(p: 0.7, liquidity: 1000)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, user) in users.enumerated() {
                    group.addTask {
                        for round in 0..<6 {
                            let market = [quoted, cpmm, doomed][(index + round) % 3]
                            let bet = try await service.bet(user, market, (index + round) % 2 == 0 ? "YES" : "NO", Int32(10 + 17 * round + index))
                            if round % 3 == 1 { _ = try await service.sell(user, bet, shares: "12.5") }
                            if round % 3 == 2 { _ = try await service.sell(user, bet) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await service.assertMoneyInvariant()
            try await service.runtime.database.pool.execute(
                "UPDATE market_outcomes SET price_micros = 810000 WHERE idx = 0 AND price_micros = 370000"
            )
            _ = try await service.sell(users[0], try await service.bet(users[0], quoted, "YES", 77), shares: "10")
            _ = try await service.resolve(quoted, "NO")
            _ = try await service.resolve(cpmm, "YES")
            _ = try await service.resolve(doomed, "CANCEL")
            try await service.assertMoneyInvariant()
            // Undone and settled otherwise: still exact.
            _ = try await service.unresolve(cpmm)
            try await service.assertMoneyInvariant()
            _ = try await service.resolve(cpmm, "MKT", probabilityMicros: 415_000)
            _ = try await service.unresolve(doomed)
            try await service.assertMoneyInvariant()
            _ = try await service.resolve(doomed, "CANCEL")
            try await service.assertMoneyInvariant()
            let open = try await service.scalar("SELECT count(*)::int AS v FROM bets WHERE status = 'open'")
            XCTAssertEqual(open, 0)
            let total = try await service.scalar("SELECT sum(credits)::int AS v FROM users")
            let house = try await service.scalar("SELECT (sum(amount) - sum(proceeds) - sum(payout))::int AS v FROM bets")
            XCTAssertEqual(total + house, 6 * 1000, "what the users lost the house won, to the credit")
            let job = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(job.processed, 0)
        }
    }

    func test_cancelAfterPartialAndFullSellsBySeveralAccounts_givesEveryoneBackExactlyWhatTheyHad() async throws {
        try await withMarkets { service in
            let users = try await (0..<5).asyncMap { _ in try await service.signup() }
            let quoted = try await service.quotedMarket([("YES", 400_000), ("NO", 600_000)])
            let cpmm = try await service.cpmmMarket(p: 0.5, liquidity: 800)
            let start = try await service.totalCredits()
            // Every account bets on both markets and sells some or all, at a loss and at a profit.
            for (index, user) in users.enumerated() {
                let first = try await service.bet(user, quoted, index % 2 == 0 ? "YES" : "NO", Int32(100 + 37 * index))
                let second = try await service.bet(user, quoted, "YES", 60)
                let third = try await service.bet(user, cpmm, index % 2 == 0 ? "NO" : "YES", Int32(150 + 11 * index))
                try await service.setPrice(quoted, "YES", 400_000 + 90_000 * index)  // the source's odds move
                _ = try await service.sell(user, first, shares: "40")  // partial
                _ = try await service.sell(user, second)  // full, above the stake once YES rose
                if index % 2 == 1 { _ = try await service.sell(user, third) } else { _ = try await service.sell(user, third, shares: "20") }
            }
            let mid = try await service.totalCredits()
            XCTAssertNotEqual(mid, start)
            let quotedReply = try await service.resolve(quoted, "CANCEL")
            let cpmmReply = try await service.resolve(cpmm, "CANCEL")
            XCTAssertEqual(cpmmReply.betsSettled, 5)
            XCTAssertEqual(quotedReply.betsSettled, 10, "open and sold bets alike")
            XCTAssertGreaterThan(quotedReply.creditsClawedBack, 0, "sales above their stake were taken back")
            let balances = try await users.asyncMap { try await service.credits($0) }
            XCTAssertEqual(balances, Array(repeating: 1000, count: users.count), "each account has exactly what it had before these markets")
            let end = try await service.totalCredits()
            XCTAssertEqual(end, start, "Σ credits is back where it was: nothing created, nothing lost")
            try await service.assertMoneyInvariant()
            let pnl = try await service.scalar("SELECT coalesce(sum(abs(pnl)), 0)::int AS v FROM user_stats")
            XCTAssertEqual(pnl, 0)
            let job = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(job.processed, 0)
        }
    }

    func test_noCreditIsMadeOrLost_whenCPMMTradesStopAtTheirLimits() async throws {
        try await withMarkets { service in
            let users = try await (0..<6).asyncMap { _ in try await service.signup() }
            let thin = try await service.cpmmMarket(p: 0.5, liquidity: 100)
            let skewed = try await service.cpmmMarket(p: 0.9, liquidity: 150)
            // Refusals at the limits or for want of credits are part of the mix; anything else fails the test.
            let expected: Set<String> = ["PRICE_AT_LIMIT", "INSUFFICIENT_CREDITS"]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, user) in users.enumerated() {
                    group.addTask {
                        var held: [Bet] = []
                        for round in 0..<8 {
                            let market = (index + round) % 3 == 0 ? skewed : thin
                            let outcome = (index + round) % 2 == 0 ? "YES" : "NO"
                            let amount = Int32([10_000, 150, 600, 35][(index + round) % 4])
                            let bet = try await service.reply(
                                "PlaceBet",
                                PlaceBetRequest(marketId: market, outcome: outcome, amount: amount),
                                principal: service.principal(user)
                            )
                            if bet.status == .ok {
                                held.append(try Bet(serializedBytes: Array(bet.body)))
                            } else {
                                XCTAssertTrue(expected.contains(bet.reason), "\(bet)")
                            }
                            guard round % 3 == 2, let sold = held.popLast() else { continue }
                            let sale = try await service.reply(
                                "SellBet",
                                SellBetRequest(betId: sold.id, shares: round % 2 == 0 ? "" : "20"),
                                principal: service.principal(user)
                            )
                            XCTAssertTrue(sale.status == .ok || sale.reason == "PRICE_AT_LIMIT" || sale.status == .invalidArgument, "\(sale)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await service.assertMoneyInvariant()
            for market in [thin, skewed] {
                let stored = try await service.pools(market)
                let p = market == thin ? 0.5 : 0.9
                let cpmm = ManifoldCPMM(yes: stored[0], no: stored[1], p: p)
                XCTAssertEqual(Int64(cpmm.priceMicros.0), stored[2], "the price shown is the pool's")
                XCTAssertTrue((10_000...990_000).contains(stored[2]), "\(stored)")
            }
            _ = try await service.resolve(thin, "YES")
            _ = try await service.resolve(skewed, "CANCEL")
            try await service.assertMoneyInvariant()
            let total = try await service.scalar("SELECT sum(credits)::int AS v FROM users")
            let house = try await service.scalar("SELECT (sum(amount) - sum(proceeds) - sum(payout))::int AS v FROM bets")
            XCTAssertEqual(total + house, 6 * 1000, "what the users lost the house won, to the credit")
        }
    }
}
