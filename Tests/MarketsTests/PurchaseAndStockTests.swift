import Bus
import Contracts
import Foundation
import Markets
import ServiceKit
import XCTest

/// Credit purchases (simulated settlement, credited once) and virtual stocks.
final class PurchaseAndStockTests: XCTestCase {
    func test_purchase_creditsOnce_andAReplayWithTheKeyChangesNothing() async throws {
        try await withMarkets { service in
            let user = try await service.signedInUser()
            let packages = try await service.call("ListPackages", ListPackagesRequest(), as: PackageList.self, principal: Principal())
            XCTAssertEqual(packages.packages.first { $0.id == "popular" }?.price, "4.99")
            let first = try await service.call(
                "Purchase",
                PurchaseRequest(packageId: "popular"),
                as: PurchaseRecord.self,
                principal: user,
                key: "buy-1"
            )
            XCTAssertEqual(first.status, "completed")
            XCTAssertEqual(first.credits, 5500)
            XCTAssertEqual(first.balance, 6500)
            XCTAssertEqual(first.provider, "manual")
            let replay = try await service.call(
                "Purchase",
                PurchaseRequest(packageId: "popular"),
                as: PurchaseRecord.self,
                principal: user,
                key: "buy-1"
            )
            XCTAssertEqual(replay, first)
            let credits = try await service.scalar("SELECT credits AS v FROM users")
            XCTAssertEqual(credits, 6500)
            let listed = try await service.call("MyPurchases", MyPurchasesRequest(), as: PurchaseList.self, principal: user)
            XCTAssertEqual(listed.purchases.map(\.id), [first.id])
            let bad = try await service.reply("Purchase", PurchaseRequest(packageId: "gold-bars"), principal: user)
            XCTAssertEqual(bad.violations.map(\.field), ["packageId"])
        }
    }

    func test_purchaseCompletion_creditsOnlyOnTheFirstTransition() async throws {
        try await withMarkets { service in
            let user = try await service.signedInUser()
            let store = PurchaseStore(pool: service.runtime.database.pool)
            let id = UUID()
            try await store.begin(
                id: id,
                userId: UUID(uuidString: user.subject)!,
                package: CreditPackages.find("starter")!,
                provider: "manual",
                now: service.clock.now()
            )
            // The provider's answer arriving twice (a retried webhook, a replayed settle) credits once.
            _ = try await store.complete(id: id, providerReference: "ref-1", now: service.clock.now())
            _ = try await store.complete(id: id, providerReference: "ref-1", now: service.clock.now())
            let credits = try await service.scalar("SELECT credits AS v FROM users")
            XCTAssertEqual(credits, 2000)
        }
    }

    func test_stocks_buySellPortfolio_andRefusals() async throws {
        try await withMarkets { service in
            let user = try await service.signedInUser()
            let catalog = try await service.call("ListStocks", ListStocksRequest(), as: StockList.self, principal: Principal())
            XCTAssertEqual(catalog.stocks.map(\.symbol), ["BOND", "MOON", "THAT", "THIS"])
            let bought = try await service.call("BuyStock", StockTradeRequest(symbol: "this", quantity: 5), as: StockTradeReply.self, principal: user)
            XCTAssertEqual([bought.total, bought.credits, bought.holding], [500, 500, 5])
            _ = try await service.call("SetStock", SetStockRequest(symbol: "THIS", name: "This Corp", price: 150), as: Stock.self)
            let portfolio = try await service.call("Portfolio", PortfolioRequest(), as: Portfolio.self, principal: user)
            XCTAssertEqual(portfolio.holdings.map(\.value), [750])
            XCTAssertEqual(portfolio.holdings.map(\.unrealizedPnl), [250])
            let sold = try await service.call("SellStock", StockTradeRequest(symbol: "THIS", quantity: 2), as: StockTradeReply.self, principal: user)
            XCTAssertEqual([sold.total, sold.credits, sold.holding], [300, 800, 3])
            let tooMany = try await service.reply("SellStock", StockTradeRequest(symbol: "THIS", quantity: 4), principal: user)
            XCTAssertEqual(tooMany.reason, "INSUFFICIENT_SHARES")
            let tooExpensive = try await service.reply("BuyStock", StockTradeRequest(symbol: "BOND", quantity: 1), principal: user)
            XCTAssertEqual(tooExpensive.reason, "INSUFFICIENT_CREDITS")
            let bad = try await service.reply("BuyStock", StockTradeRequest(symbol: "DROP TABLE", quantity: 0), principal: user)
            XCTAssertEqual(bad.violations.map(\.field), ["symbol", "quantity"])
            let unknown = try await service.reply("BuyStock", StockTradeRequest(symbol: "NOPE", quantity: 1), principal: user)
            XCTAssertEqual(unknown.status, .notFound)
            let notAdmin = try await service.reply("SetStock", SetStockRequest(symbol: "THIS", name: "x", price: 1), principal: user)
            XCTAssertEqual(notAdmin.status, .permissionDenied)
            let ledger = try await service.scalar("SELECT sum(amount)::int AS v FROM credit_transactions")
            let credits = try await service.scalar("SELECT credits AS v FROM users")
            XCTAssertEqual(ledger, credits)
            XCTAssertEqual(credits, 800)
        }
    }

    func test_concurrentBuys_neverOverdraw() async throws {
        try await withMarkets(poolSize: 12) { service in
            let user = try await service.signedInUser()
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<30 {
                    group.addTask { try await service.reply("BuyStock", StockTradeRequest(symbol: "MOON", quantity: 1), principal: user) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let bought = replies.filter { $0.status == .ok }.count
            XCTAssertEqual(bought, 25, "1000 credits buy exactly 25 shares at 40")
            let credits = try await service.scalar("SELECT credits AS v FROM users")
            XCTAssertEqual(credits, 0)
            let held = try await service.scalar("SELECT quantity AS v FROM holdings")
            XCTAssertEqual(held, 25)
        }
    }
}
