import Bus
import Contracts
import Foundation
import ServiceKit

/// The economy: daily rewards, referrals, credit purchases and virtual stocks.
struct EconomyHandlers: Sendable {
    let rewards: DailyRewardStore
    let referrals: ReferralStore
    let purchases: PurchaseStore
    let stocks: StockStore
    let payments: any PaymentProvider
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.registerIdempotent(MarketsEconomyMethods.claimDailyCredits) { (_: ClaimDailyCreditsRequest, context) in
            try await rewards.claim(userId: try AccountHandlers.userId(context), now: clock.now())
        }
        runtime.router.register(MarketsEconomyMethods.myReferrals) { (_: MyReferralsRequest, context) in
            try await referrals.summary(userId: try AccountHandlers.userId(context))
        }
        runtime.router.register(MarketsEconomyMethods.listPackages) { (_: ListPackagesRequest, _) in PackageList(packages: CreditPackages.all) }
        // A retried purchase with the same Idempotency-Key gets the first answer, never a second charge.
        runtime.registerIdempotent(MarketsEconomyMethods.purchase) { (request: PurchaseRequest, context) in try await purchase(request, context) }
        runtime.router.register(MarketsEconomyMethods.myPurchases) { (_: MyPurchasesRequest, context) in
            PurchaseList(purchases: try await purchases.list(userId: try AccountHandlers.userId(context)))
        }
        runtime.router.register(MarketsEconomyMethods.listStocks) { (_: ListStocksRequest, _) in StockList(stocks: try await stocks.list()) }
        runtime.router.register(MarketsEconomyMethods.setStock) { (request: SetStockRequest, context) in
            guard context.principal.has(role: "admin") else { throw EconomyError.forbidden("requires role admin") }
            var violations: [Violation] = []
            let symbol = StockRules.symbol(request.symbol)
            if symbol == nil { violations.append(Violation("symbol", "must be 1 to 8 letters")) }
            let name = request.name.trimmingCharacters(in: .whitespaces)
            if !(1...100).contains(name.count) || name.contains("<") || name.contains(">") {
                violations.append(Violation("name", "must be 1 to 100 characters of plain text"))
            }
            if !(1...StockRules.maxPrice).contains(request.price) {
                violations.append(Violation("price", "must be 1 to \(StockRules.maxPrice) credits"))
            }
            guard violations.isEmpty, let symbol else { throw EconomyError.invalid(violations) }
            return try await stocks.set(symbol: symbol, name: name, price: request.price, now: clock.now())
        }
        runtime.registerIdempotent(MarketsEconomyMethods.buyStock) { (request: StockTradeRequest, context) in
            let (symbol, quantity) = try StockRules.validateTrade(symbol: request.symbol, quantity: request.quantity)
            return try await stocks.trade(userId: try AccountHandlers.userId(context), symbol: symbol, quantity: quantity, now: clock.now())
        }
        runtime.registerIdempotent(MarketsEconomyMethods.sellStock) { (request: StockTradeRequest, context) in
            let (symbol, quantity) = try StockRules.validateTrade(symbol: request.symbol, quantity: request.quantity)
            return try await stocks.trade(userId: try AccountHandlers.userId(context), symbol: symbol, quantity: -quantity, now: clock.now())
        }
        runtime.router.register(MarketsEconomyMethods.portfolio) { (_: PortfolioRequest, context) in
            try await stocks.portfolio(userId: try AccountHandlers.userId(context))
        }
    }

    /// Records the purchase, settles it with the provider, then credits it on completion (once).
    func purchase(_ request: PurchaseRequest, _ context: RPCContext) async throws -> PurchaseRecord {
        let userId = try AccountHandlers.userId(context)
        guard let package = CreditPackages.find(request.packageId) else {
            throw request.packageId.isEmpty
                ? EconomyError.invalid([Violation("packageId", "is required")]) : EconomyError.unknownPackage(request.packageId)
        }
        let id = UUID.random()
        try await purchases.begin(id: id, userId: userId, package: package, provider: payments.name, now: clock.now())
        let reference: String
        do {
            reference = try await payments.settle(purchaseId: id, priceCents: Int(package.priceCents), currency: package.currency)
        } catch {
            try await purchases.fail(id: id)
            throw error
        }
        return try await purchases.complete(id: id, providerReference: reference, now: clock.now())
    }
}
