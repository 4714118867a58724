import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Many bets at once: never an overdraft, and a bet racing a resolution is refused or settled.
final class BettingConcurrencyTests: XCTestCase {
    func test_100ConcurrentBetsByOneUser_neverOverdraw() async throws {
        try await withMarkets(poolSize: 8) { service in
            let gambler = try await service.signup()
            let quoted = try await service.quotedMarket()
            let cpmm = try await service.cpmmMarket(p: 0.5, liquidity: 2000)
            let principal = service.principal(gambler)
            let results = try await withThrowingTaskGroup(of: (Int32, Reply).self) { group in
                for index in 0..<100 {
                    let amount = Int32(10 + (index * 7) % 41)  // 10…50
                    let market = index % 2 == 0 ? quoted : cpmm
                    group.addTask {
                        (
                            amount,
                            try await service.reply(
                                "PlaceBet",
                                PlaceBetRequest(
                                    marketId: market,
                                    outcome: index % 3 == 0 ? "NO" : "YES",
                                    amount: amount
                                ),
                                principal: principal
                            )
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let placed = results.filter { $0.1.status == .ok }
            let refused = results.filter { $0.1.status != .ok }
            XCTAssertTrue(refused.allSatisfy { $0.1.reason == "INSUFFICIENT_CREDITS" }, "\(refused.map(\.1.message))")
            XCTAssertFalse(placed.isEmpty)
            XCTAssertFalse(refused.isEmpty, "100 bets of 10…50 ask for more than 1000 credits")
            let debited = placed.reduce(0) { $0 + Int($1.0) }
            let balance = try await service.credits(gambler)
            XCTAssertLessThanOrEqual(debited, 1000)
            XCTAssertGreaterThanOrEqual(balance, 0)
            XCTAssertEqual(balance, 1000 - debited)
            XCTAssertLessThan(balance, 10 + 50, "refused only when the rest could not pay some bet")
            let bets = try await service.scalar("SELECT count(*)::int AS v FROM bets")
            XCTAssertEqual(bets, placed.count)
            let ledger = try await service.scalar("SELECT sum(amount)::int AS v FROM credit_transactions")
            XCTAssertEqual(ledger, balance)
            let volume = try await service.scalar("SELECT volume::int AS v FROM user_stats")
            XCTAssertEqual(volume, debited)
            try await service.assertMoneyInvariant()
        }
    }

    func test_betsRacingAResolution_areRefusedOrSettled_neverLost() async throws {
        try await withMarkets(poolSize: 8) { service in
            let users = try await (0..<8).asyncMap { _ in try await service.signup() }
            for (round, market) in [try await service.quotedMarket(), try await service.cpmmMarket(p: 0.6, liquidity: 800)].enumerated() {
                // Each user bets again and again; the resolution starts once 20 bets are in, while the rest keep coming.
                let answered = AnswerCounter()
                let outcomes = try await withThrowingTaskGroup(of: ([Reply], ResolveReply?).self) { group in
                    for (index, user) in users.enumerated() {
                        group.addTask {
                            var replies: [Reply] = []
                            for attempt in 0..<12 {
                                let request = PlaceBetRequest(marketId: market, outcome: (index + attempt) % 2 == 0 ? "YES" : "NO", amount: 10)
                                replies.append(try await service.reply("PlaceBet", request, principal: service.principal(user)))
                                await answered.add()
                            }
                            return (replies, nil)
                        }
                    }
                    group.addTask {
                        await answered.wait(for: 20)
                        return ([], try await service.resolve(market, round == 0 ? "YES" : "CANCEL"))
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let bets = outcomes.flatMap(\.0)
                let resolution = try XCTUnwrap(outcomes.compactMap(\.1).first)
                XCTAssertTrue(resolution.changed)
                let accepted = bets.filter { $0.status == .ok }
                XCTAssertGreaterThanOrEqual(accepted.count, 20)
                XCTAssertTrue(bets.filter { $0.status != .ok }.allSatisfy { $0.reason == "MARKET_CLOSED" })
                let stored = try await service.scalar("SELECT count(*)::int AS v FROM bets WHERE market_id = \(UUID(uuidString: market)!)")
                XCTAssertEqual(stored, accepted.count, "every accepted bet exists, no refused one does")
                let open = try await service.scalar(
                    "SELECT count(*)::int AS v FROM bets WHERE market_id = \(UUID(uuidString: market)!) AND status = 'open'"
                )
                XCTAssertEqual(open, 0, "every accepted bet was settled by the resolution")
                XCTAssertEqual(Int(resolution.betsSettled), accepted.count)
            }
            try await service.assertMoneyInvariant()
        }
    }
}

/// Counts answers; lets a task wait until a number of them arrived.
actor AnswerCounter {
    private var count = 0
    private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []

    func add() {
        count += 1
        let ready = waiters.filter { $0.0 <= count }
        waiters.removeAll { $0.0 <= count }
        ready.forEach { $0.1.resume() }
    }

    func wait(for target: Int) async {
        guard count < target else { return }
        await withCheckedContinuation { waiters.append((target, $0)) }
    }
}
