import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import Synchronization
import XCTest

/// Leaderboards kept with every bet: order, ties, weekly periods, MyRanks and the reconciliation job.
final class LeaderboardTests: XCTestCase {
    func test_cache_servesAReplyForItsTTL_thenComputesAgain_andZeroTurnsItOff() async throws {
        let clock = Mutex(ContinuousClock.now)
        let cache = LeaderboardCache(ttl: .seconds(1), now: { clock.withLock { $0 } })
        let computed = Mutex(0)
        let compute = { @Sendable () async throws -> [UInt8] in
            [
                UInt8(
                    computed.withLock {
                        $0 += 1
                        return $0
                    }
                )
            ]
        }
        let first = try await cache.reply("pnl|all|10", compute: compute)
        let again = try await cache.reply("pnl|all|10", compute: compute)
        let other = try await cache.reply("volume|all|10", compute: compute)
        XCTAssertEqual([first, again, other], [[1], [1], [2]])
        clock.withLock { $0 = $0.advanced(by: .milliseconds(1_000)) }
        let expired = try await cache.reply("pnl|all|10", compute: compute)
        XCTAssertEqual(expired, [3])
        XCTAssertEqual(cache.staleSeconds, 1)
        XCTAssertEqual(LeaderboardCache(ttl: .milliseconds(1_500)).staleSeconds, 2)
        let off = LeaderboardCache(ttl: .zero)
        let a = try await off.reply("k", compute: compute)
        let b = try await off.reply("k", compute: compute)
        XCTAssertEqual([a, b], [[4], [5]])
        XCTAssertEqual(off.staleSeconds, 0)
    }

    func test_boardsOrderByValue_tiesShareARank_andMyRanksAgrees() async throws {
        try await withMarkets { service in
            let a = try await service.signup("lb_a")
            let b = try await service.signup("lb_b")
            let c = try await service.signup("lb_c")
            let d = try await service.signup("lb_d")
            let settled = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let pending = try await service.quotedMarket()
            _ = try await service.bet(a, settled, "YES", 100)  // 200 shares → +100
            _ = try await service.bet(b, settled, "NO", 50)  // −50
            _ = try await service.bet(c, settled, "YES", 300)  // 600 shares → +300
            _ = try await service.bet(d, pending, "NO", 100)  // open: −100, volume ties with a
            _ = try await service.resolve(settled, "YES")

            let pnl = try await service.call("PnlLeaderboard", LeaderboardRequest(), as: Leaderboard.self, principal: Principal())
            XCTAssertEqual(pnl.board, "pnl")
            XCTAssertEqual(pnl.period, "all")
            XCTAssertEqual(pnl.staleSeconds, 1, "served from a cache of at most 1 s")
            XCTAssertEqual(pnl.entries.map(\.username), ["lb_c", "lb_a", "lb_b", "lb_d"])
            XCTAssertEqual(pnl.entries.map(\.value), [300, 100, -50, -100])
            XCTAssertEqual(pnl.entries.map(\.rank), [1, 2, 3, 4])
            XCTAssertEqual(pnl.entries[0].userId, c.user?.id)

            let volume = try await service.call(
                "VolumeLeaderboard",
                LeaderboardRequest(period: "all", limit: 3),
                as: Leaderboard.self,
                principal: Principal()
            )
            let tied = [a.user!.id, d.user!.id].sorted()
            XCTAssertEqual(volume.entries.map(\.userId), [c.user!.id] + tied, "ties listed by user id, and the limit holds")
            XCTAssertEqual(volume.entries.map(\.rank), [1, 2, 2])
            XCTAssertEqual(volume.entries.map(\.value), [300, 100, 100])

            let ranksA = try await service.call("MyRanks", MyRanksRequest(), as: MyRanks.self, principal: service.principal(a))
            XCTAssertEqual(ranksA, MyRanks(period: "all", pnl: Rank(rank: 2, value: 100), volume: Rank(rank: 2, value: 100)))
            let ranksB = try await service.call("MyRanks", MyRanksRequest(period: "all"), as: MyRanks.self, principal: service.principal(b))
            XCTAssertEqual(ranksB.pnl, Rank(rank: 3, value: -50))
            XCTAssertEqual(ranksB.volume, Rank(rank: 4, value: 50), "after c and the two tied at 100")
            let newcomer = try await service.signup("lb_new")
            let ranksNew = try await service.call("MyRanks", MyRanksRequest(), as: MyRanks.self, principal: service.principal(newcomer))
            XCTAssertEqual(ranksNew.pnl, Rank(rank: 3, value: 0), "no bets counts as 0: below c and a, above b and d")
        }
    }

    func test_weekBoards_countOnlyThisWeeksMovements() async throws {
        try await withMarkets { service in
            let early = try await service.signup("wk_early")
            let late = try await service.signup("wk_late")
            let market = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            _ = try await service.bet(early, market, "YES", 200)
            service.clock.advance(by: 7 * 86_400)  // next Monday
            _ = try await service.bet(late, market, "NO", 40)
            _ = try await service.resolve(market, "YES")  // early's +400 payout lands this week
            let week = try await service.call("PnlLeaderboard", LeaderboardRequest(period: "week"), as: Leaderboard.self, principal: Principal())
            XCTAssertEqual(week.entries.map(\.username), ["wk_early", "wk_late"])
            XCTAssertEqual(week.entries.map(\.value), [400, -40])
            let volume = try await service.call("VolumeLeaderboard", LeaderboardRequest(period: "week"), as: Leaderboard.self, principal: Principal())
            XCTAssertEqual(volume.entries.map(\.value), [40, 0])
            let all = try await service.call("PnlLeaderboard", LeaderboardRequest(period: "all"), as: Leaderboard.self, principal: Principal())
            XCTAssertEqual(all.entries.map(\.value), [200, -40])
            let mine = try await service.call("MyRanks", MyRanksRequest(period: "week"), as: MyRanks.self, principal: service.principal(early))
            XCTAssertEqual(mine, MyRanks(period: "week", pnl: Rank(rank: 1, value: 400), volume: Rank(rank: 2, value: 0)))
            let bad = try await service.reply("PnlLeaderboard", LeaderboardRequest(period: "month", limit: 500), principal: Principal())
            XCTAssertEqual(bad.violations.map(\.field), ["period", "limit"])
        }
    }

    func test_refreshJob_correctsNothingNormally_andRepairsFiguresWrittenOutsideBets() async throws {
        try await withMarkets { service in
            let alice = try await service.signup()
            let bob = try await service.signup()
            let market = try await service.quotedMarket()
            let bet = try await service.bet(alice, market, "YES", 120)
            _ = try await service.bet(bob, market, "NO", 80)
            _ = try await service.sell(alice, bet, shares: "10")
            let clean = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(clean.processed, 0)
            XCTAssertEqual(clean.summary.first { $0.key == "correctedAllTime" }?.value, "0")
            try await service.runtime.database.pool.execute(
                "UPDATE user_stats SET pnl = pnl + 999 WHERE user_id = \(UUID(uuidString: alice.user!.id)!)"
            )
            try await service.runtime.database.pool.execute("DELETE FROM user_stats_weekly WHERE user_id = \(UUID(uuidString: bob.user!.id)!)")
            let repaired = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(repaired.summary.first { $0.key == "correctedAllTime" }?.value, "1")
            XCTAssertEqual(repaired.summary.first { $0.key == "correctedWeekly" }?.value, "1")
            let again = try await service.runJob("leaderboard-refresh")
            XCTAssertEqual(again.processed, 0)
            try await service.assertMoneyInvariant()
        }
    }
}
