import Bus
import Contracts
import Foundation
import ServiceKit

/// Customers: registration from Telegram, a customer's own card and name, the card view and its history.
struct CustomerHandlers: Sendable {
    let customers: CustomerStore
    let access: Access
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.router.register(LoyaltyMethods.registerCustomer) { (request: RegisterCustomerRequest, context) in try await register(request, context)
        }
        runtime.router.register(LoyaltyMethods.getMyCard) { (_: GetMyCardRequest, context) in try await mine(context) }
        runtime.router.register(LoyaltyMethods.updateMyProfile) { (request: UpdateMyProfileRequest, context) in
            try await rename(request, context)
        }
        runtime.router.register(LoyaltyMethods.getCustomer) { (request: GetCustomerRequest, context) in try await get(request, context) }
        runtime.router.register(LoyaltyMethods.getCustomerStats) { (request: GetCustomerStatsRequest, context) in try await stats(request, context) }
        runtime.router.register(LoyaltyMethods.listCustomerTransactions) { (request: ListCustomerTransactionsRequest, context) in
            try await history(request, context)
        }
    }

    func register(_ request: RegisterCustomerRequest, _ context: RPCContext) async throws -> Customer {
        guard case .telegram(let id, let telegramName) = Caller(context.principal) else { throw LoyaltyError.telegramOnly }
        let name = try CustomerName.validated(request.name, required: false)
        let now = clock.now()
        let card = try await customers.register(
            telegramId: id,
            name: name.isEmpty ? CustomerName.fromTelegram(telegramName) : name,
            now: now
        )
        return try await customers.customer(card: card, now: now)
    }

    /// The calling Telegram user's own card, or `notRegistered` (404).
    func mine(_ context: RPCContext) async throws -> Customer {
        guard case .telegram(let id, _) = Caller(context.principal) else { throw LoyaltyError.telegramOnly }
        let now = clock.now()
        return try await customers.customer(card: try await customers.card(telegramId: id), now: now)
    }

    /// The calling Telegram user renames their card: the only way a stored name changes.
    func rename(_ request: UpdateMyProfileRequest, _ context: RPCContext) async throws -> Customer {
        guard case .telegram(let id, _) = Caller(context.principal) else { throw LoyaltyError.telegramOnly }
        let name = try CustomerName.validated(request.name, required: true)
        let card = try await customers.rename(telegramId: id, name: name)
        return try await customers.customer(card: card, now: clock.now())
    }

    func get(_ request: GetCustomerRequest, _ context: RPCContext) async throws -> Customer {
        let card = try Self.card(request.card)
        try await access.requireCardReader(context, card: card)
        return try await customers.customer(card: card, now: clock.now())
    }

    func stats(_ request: GetCustomerStatsRequest, _ context: RPCContext) async throws -> CustomerStats {
        let card = try Self.card(request.card)
        try await access.requireCardReader(context, card: card)
        return try await customers.stats(card: card)
    }

    func history(_ request: ListCustomerTransactionsRequest, _ context: RPCContext) async throws -> CustomerTransactionsPage {
        let card = try Self.card(request.card)
        let page = try IdPage.validate(limit: request.limit, cursor: request.cursor)
        try await access.requireCardReader(context, card: card)
        let entries = try await customers.history(card: card, before: page.before, limit: page.limit + 1)
        return CustomerTransactionsPage(
            card: card,
            transactions: Array(entries.prefix(page.limit)),
            nextCursor: page.nextCursor(entries.map(\.id), fetched: entries.count)
        )
    }

    static func card(_ text: String) throws -> String {
        guard let card = CardNumber.normalized(text) else { throw LoyaltyError.invalid("card", text.isEmpty ? "is required" : "must be 6 digits") }
        return card
    }
}
