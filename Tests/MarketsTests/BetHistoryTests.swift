import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Reading one's bets and ledger: newest first, filters, cursor paging, owner only.
final class BetHistoryTests: XCTestCase {
    func test_listMyBets_pagesNewestFirst_withoutGapsOrRepeats_andFiltersByStatus() async throws {
        try await withMarkets { service in
            let alice = try await service.signup()
            let other = try await service.signup()
            let market = try await service.quotedMarket()
            var placed: [Bet] = []
            for index in 0..<5 {
                placed.append(try await service.bet(alice, market, "YES", Int32(10 + index)))
                if index == 2 { service.clock.advance(by: 1) }  // some bets share a timestamp, some do not
            }
            _ = try await service.bet(other, market, "NO", 10)
            _ = try await service.sell(alice, placed[0])
            var seen: [Bet] = []
            var cursor = ""
            repeat {
                let page = try await service.call(
                    "ListMyBets",
                    ListMyBetsRequest(limit: 2, cursor: cursor),
                    as: BetPage.self,
                    principal: service.principal(alice)
                )
                XCTAssertLessThanOrEqual(page.bets.count, 2)
                seen += page.bets
                cursor = page.nextCursor
            } while !cursor.isEmpty
            XCTAssertEqual(Set(seen.map(\.id)), Set(placed.map(\.id)))
            XCTAssertEqual(seen.count, 5)
            XCTAssertEqual(Array(seen.prefix(2)).map(\.amount).sorted(), [13, 14], "the two newest first")
            let sold = try await service.call("ListMyBets", ListMyBetsRequest(status: "sold"), as: BetPage.self, principal: service.principal(alice))
            XCTAssertEqual(sold.bets.map(\.id), [placed[0].id])
            let bad = try await service.reply(
                "ListMyBets",
                ListMyBetsRequest(status: "nope", limit: 0, cursor: "x"),
                principal: service.principal(alice)
            )
            XCTAssertEqual(bad.violations.map(\.field), ["status", "cursor"])
            let malformed = try await service.reply("GetBet", GetBetRequest(betId: "1 OR 1=1"), principal: service.principal(alice))
            XCTAssertEqual(malformed.status, .invalidArgument)
        }
    }

    func test_listMyTransactions_isTheLedgerNewestFirst_pagedById() async throws {
        try await withMarkets { service in
            let bob = try await service.signup()
            let market = try await service.quotedMarket()
            let bet = try await service.bet(bob, market, "YES", 30)
            _ = try await service.bet(bob, market, "NO", 20)
            _ = try await service.sell(bob, bet)
            let first = try await service.call(
                "ListMyTransactions",
                ListTransactionsRequest(limit: 2),
                as: TransactionPage.self,
                principal: service.principal(bob)
            )
            XCTAssertEqual(first.transactions.map(\.type), ["sale", "bet"])
            XCTAssertEqual(first.transactions[0].reference, bet.id)
            XCTAssertEqual(first.transactions[0].balanceAfter, 980)  // 50 shares back at 0.6
            let rest = try await service.call(
                "ListMyTransactions",
                ListTransactionsRequest(limit: 2, cursor: first.nextCursor),
                as: TransactionPage.self,
                principal: service.principal(bob)
            )
            XCTAssertEqual(rest.transactions.map(\.type), ["bet", "signup_bonus"])
            XCTAssertEqual(rest.transactions.map(\.amount), [-30, 1000])
            XCTAssertEqual(rest.nextCursor, "")
            let bets = try await service.call(
                "ListMyTransactions",
                ListTransactionsRequest(type: "bet"),
                as: TransactionPage.self,
                principal: service.principal(bob)
            )
            XCTAssertEqual(bets.transactions.map(\.amount), [-20, -30])
        }
    }
}
