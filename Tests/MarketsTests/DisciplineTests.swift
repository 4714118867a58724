import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Discipline: CRUD for the owner, and the rollup's numbers on a hand-built data set.
final class DisciplineTests: XCTestCase {
    private func target(_ service: MarketsHarness, _ user: AuthReply, _ title: String, abort: Int32) async throws -> Target {
        try await service.call(
            "CreateTarget",
            TargetInput(title: title, goal: "Trade the plan", abortLossCredits: abort),
            as: Target.self,
            principal: service.principal(user)
        )
    }

    private func aim(
        _ service: MarketsHarness,
        _ user: AuthReply,
        _ target: Target,
        _ market: String,
        stop: String = "",
        profit: String = ""
    ) async throws -> Aim {
        try await service.call(
            "CreateAim",
            AimInput(targetId: target.id, marketId: market, outcome: "yes", stopLoss: stop, profitTarget: profit),
            as: Aim.self,
            principal: service.principal(user)
        )
    }

    private func shot(_ service: MarketsHarness, _ user: AuthReply, _ aim: Aim, _ bet: Bet) async throws -> Shot {
        try await service.call("CreateShot", ShotInput(aimId: aim.id, betId: bet.id), as: Shot.self, principal: service.principal(user))
    }

    private func setPrice(_ service: MarketsHarness, _ market: String, yes: Int) async throws {
        _ = try await service.runtime.database.pool.execute(
            """
            UPDATE market_outcomes SET price_micros = CASE idx WHEN 0 THEN \(yes)::int ELSE \(1_000_000 - yes)::int END WHERE market_id = \(UUID(uuidString: market)!)
            """
        )
    }

    func test_rollup_countsHonoredAndIgnoredPlans_andAbortTriggers() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let other = try await service.signup()
            let t1 = try await target(service, user, "Elections", abort: 100)
            let t2 = try await target(service, user, "Sports", abort: 50)
            let t3 = try await target(service, other, "Careful", abort: 10)
            let m1 = try await service.quotedMarket([("YES", 600_000), ("NO", 400_000)])
            let m2 = try await service.quotedMarket([("YES", 400_000), ("NO", 600_000)])
            let m3 = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let m4 = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let m5 = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let a1 = try await aim(service, user, t1, m1, stop: "0.40", profit: "0.70")
            let a2 = try await aim(service, user, t1, m2, stop: "0.2", profit: "0.5")
            let a3 = try await aim(service, user, t2, m3)
            let a4 = try await aim(service, user, t2, m4)
            let a5 = try await aim(service, other, t3, m5, stop: "0.1")

            // s1: bought at 0.60, sold at 0.30 → below both the stop (0.40) and the target (0.70).
            let b1 = try await service.bet(user, m1, "YES", 100)
            _ = try await shot(service, user, a1, b1)
            try await setPrice(service, m1, yes: 300_000)
            service.clock.advance(by: 60)
            _ = try await service.sell(user, b1)
            // s2: bought at 0.40, won → at or above both.
            let b2 = try await service.bet(user, m2, "YES", 100)
            _ = try await shot(service, user, a2, b2)
            service.clock.advance(by: 60)
            _ = try await service.resolve(m2, "YES")
            // s3: bought at 0.30, lost → below both.
            let b3 = try await service.bet(user, m1, "YES", 100)
            _ = try await shot(service, user, a1, b3)
            service.clock.advance(by: 60)
            _ = try await service.resolve(m1, "NO")
            // Target 2: s4 loses 100 ≥ 50 (trigger fires), then s5 is taken anyway → ignored.
            let b4 = try await service.bet(user, m3, "YES", 100)
            _ = try await shot(service, user, a3, b4)
            service.clock.advance(by: 60)
            _ = try await service.resolve(m3, "NO")
            service.clock.advance(by: 60)
            let b5 = try await service.bet(user, m4, "YES", 20)
            _ = try await shot(service, user, a4, b5)
            // The other user: loses, the trigger (10) fires, no later shot → honored; stop 0.1 vs exit 0 → ignored.
            let b6 = try await service.bet(other, m5, "YES", 20)
            _ = try await shot(service, other, a5, b6)
            service.clock.advance(by: 60)
            _ = try await service.resolve(m5, "NO")

            let job = try await service.runJob("discipline-stats-rollup")
            XCTAssertEqual(job.summary.first { $0.key == "shotsClosed" }?.value, "5")
            let mine = try await service.call(
                "MyDisciplineStats",
                DisciplineStatsRequest(),
                as: DisciplineStats.self,
                principal: service.principal(user)
            )
            XCTAssertEqual(
                [
                    mine.totalShots, mine.stopLossHonored, mine.stopLossIgnored, mine.profitTargetHonored, mine.profitTargetIgnored,
                    mine.abortHonored, mine.abortIgnored,
                ],
                [5, 1, 2, 1, 2, 0, 1]
            )
            let theirs = try await service.call(
                "MyDisciplineStats",
                DisciplineStatsRequest(),
                as: DisciplineStats.self,
                principal: service.principal(other)
            )
            XCTAssertEqual([theirs.totalShots, theirs.stopLossIgnored, theirs.abortHonored, theirs.abortIgnored], [1, 1, 1, 0])
            let shots = try await service.call("ListShots", AimRef(id: a1.id), as: ShotList.self, principal: service.principal(user))
            // 166.666666 shares sold at 0.30 paid floor(49.99…) = 49 credits: the realized exit is 0.294.
            XCTAssertEqual(shots.shots.map(\.exitPrice), ["0.294000", "0.000000"])
            XCTAssertEqual(shots.shots.map(\.stopLoss), ["ignored", "ignored"])
            // A second run changes nothing.
            let again = try await service.runJob("discipline-stats-rollup")
            XCTAssertEqual(again.summary.first { $0.key == "shotsClosed" }?.value, "0")
            let same = try await service.call(
                "MyDisciplineStats",
                DisciplineStatsRequest(),
                as: DisciplineStats.self,
                principal: service.principal(user)
            )
            XCTAssertEqual(same.abortIgnored, 1)
        }
    }

    func test_mktExitsAtItsProbability_andACancelOrUnresolveRecordsTheShotAgain() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let plan = try await target(service, user, "Odds", abort: 0)
            let mkt = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let cancelled = try await service.quotedMarket([("YES", 500_000), ("NO", 500_000)])
            let settledAim = try await aim(service, user, plan, mkt, stop: "0.2", profit: "0.5")
            let soldAim = try await aim(service, user, plan, cancelled, stop: "0.2")
            let settled = try await service.bet(user, mkt, "YES", 100)
            let settledShot = try await shot(service, user, settledAim, settled)
            let sold = try await service.bet(user, cancelled, "YES", 100)
            let soldShot = try await shot(service, user, soldAim, sold)
            try await setPrice(service, cancelled, yes: 600_000)
            _ = try await service.sell(user, sold)
            _ = try await service.resolve(mkt, "MKT", probabilityMicros: 300_000)
            _ = try await service.runJob("discipline-stats-rollup")
            func shown(_ aim: Aim) async throws -> Shot? {
                try await service.call("ListShots", AimRef(id: aim.id), as: ShotList.self, principal: service.principal(user)).shots.first
            }
            let mktShot = try await shown(settledAim)
            XCTAssertEqual(
                [mktShot?.id, mktShot?.exitPrice, mktShot?.stopLoss, mktShot?.profitTarget],
                [settledShot.id, "0.300000", "honored", "ignored"],
                "a YES share settled at MKT 0.3 exits at 0.3"
            )
            let beforeCancel = try await shown(soldAim)
            XCTAssertEqual([beforeCancel?.id, beforeCancel?.exitPrice], [soldShot.id, "0.600000"])

            _ = try await service.resolve(cancelled, "CANCEL")
            _ = try await service.unresolve(mkt)
            let reopened = try await [shown(settledAim)?.status, shown(soldAim)?.status]
            XCTAssertEqual(reopened, ["open", "open"], "how both bets ended changed: their shots wait for the next run")
            _ = try await service.runJob("discipline-stats-rollup")
            let afterCancel = try await shown(soldAim)
            XCTAssertEqual(
                [afterCancel?.status, afterCancel?.exitPrice, afterCancel?.stopLoss],
                ["closed", "", "none"],
                "a refunded bet has no exit"
            )
            let stillOpen = try await shown(settledAim)
            XCTAssertEqual(stillOpen?.status, "open", "the unresolved bet is open again")
        }
    }

    func test_crud_isOwnerOnly_andValidated() async throws {
        try await withMarkets { service in
            let user = try await service.signup()
            let stranger = try await service.signup()
            let created = try await target(service, user, "Plan", abort: 0)
            let updated = try await service.call(
                "UpdateTarget",
                TargetInput(id: created.id, title: "Plan B", goal: "", abortLossCredits: 25),
                as: Target.self,
                principal: service.principal(user)
            )
            XCTAssertEqual([updated.title, String(updated.abortLossCredits)], ["Plan B", "25"])
            let hidden = try await service.reply("GetTarget", TargetRef(id: created.id), principal: service.principal(stranger))
            XCTAssertEqual(hidden.status, .notFound)
            let bad = try await service.reply(
                "CreateTarget",
                TargetInput(title: "<script>", goal: String(repeating: "x", count: 501), abortLossCredits: -1),
                principal: service.principal(user)
            )
            XCTAssertEqual(bad.violations.map(\.field), ["title", "goal", "abortLossCredits"])
            let noAccount = try await service.reply(
                "CreateTarget",
                TargetInput(title: "Plan", goal: "", abortLossCredits: 0),
                principal: MarketsHarness.user(UUID().uuidString.lowercased())
            )
            XCTAssertEqual(noAccount.status, .notFound, "a valid token whose account is gone: \(noAccount.message)")
            let market = try await service.quotedMarket()
            let badAim = try await service.reply(
                "CreateAim",
                AimInput(
                    targetId: created.id,
                    marketId: market,
                    outcome: "MAYBE",
                    stopLoss: "1.5",
                    profitTarget: "abc"
                ),
                principal: service.principal(user)
            )
            XCTAssertEqual(badAim.violations.map(\.field), ["stopLoss", "profitTarget"])
            let wrongOutcome = try await service.reply(
                "CreateAim",
                AimInput(targetId: created.id, marketId: market, outcome: "MAYBE"),
                principal: service.principal(user)
            )
            XCTAssertEqual(wrongOutcome.violations.map(\.field), ["outcome"])
            let aim = try await aim(service, user, created, market, stop: "0.3", profit: "0.9")
            let strangersBet = try await service.bet(stranger, market, "YES", 10)
            let notMine = try await service.reply("CreateShot", ShotInput(aimId: aim.id, betId: strangersBet.id), principal: service.principal(user))
            XCTAssertEqual(notMine.status, .notFound)
            let noBet = try await service.bet(user, market, "NO", 10)
            let wrongSide = try await service.reply("CreateShot", ShotInput(aimId: aim.id, betId: noBet.id), principal: service.principal(user))
            XCTAssertEqual(wrongSide.violations.map(\.field), ["betId"])
            _ = try await service.call("DeleteTarget", TargetRef(id: created.id), as: TargetRef.self, principal: service.principal(user))
            let gone = try await service.reply("ListAims", TargetRef(id: created.id), principal: service.principal(user))
            XCTAssertEqual(gone.status, .notFound)
            let aims = try await service.scalar("SELECT count(*)::int AS v FROM discipline_aims")
            XCTAssertEqual(aims, 0)
        }
    }
}
