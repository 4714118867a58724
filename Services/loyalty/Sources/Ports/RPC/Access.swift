import Bus
import ServiceKit

/// Who may do what: admins everything; a store's API key and its Telegram cashiers act for that
/// store; any other Telegram user only reads their own card.
struct Access: Sendable {
    let stores: StoreDirectory
    let customers: CustomerStore

    /// Cashier operations of `storeId`.
    func requireCashier(_ context: RPCContext, storeId: Int32) async throws {
        switch Caller(context.principal) {
        case .admin:
            return
        case .store(let own):
            guard own == storeId else { throw LoyaltyError.forbidden("the API key of store \(own) cannot act for store \(storeId)") }
        case .telegram(let id, _):
            guard try await stores.isCashier(telegramId: id, storeId: storeId) else {
                throw LoyaltyError.forbidden("you are not a cashier of store \(storeId)")
            }
        case .service, .anonymous:
            throw LoyaltyError.forbidden("cashier operations need a store key, a cashier or an admin")
        }
    }

    /// Reading a card: cashiers (of any store) and admins read any card, a customer their own.
    func requireCardReader(_ context: RPCContext, card: String) async throws {
        switch Caller(context.principal) {
        case .admin, .store:
            return
        case .telegram(let id, _):
            if try await stores.isCashier(telegramId: id, storeId: nil) { return }
            // A card that does not exist answers as someone else's does: a customer learns nothing
            // about card numbers that are not theirs.
            let owner: Int64?
            do { owner = try await customers.owner(card: card) } catch LoyaltyError.customerNotFound { owner = nil }
            guard owner == id else { throw LoyaltyError.notYourCard }
        case .service, .anonymous:
            throw LoyaltyError.forbidden("reading a card needs a store key, a Telegram user or an admin")
        }
    }

    /// The till's agent of `storeId` (its API key), or an admin.
    func requireAgent(_ context: RPCContext, storeId: Int32) throws {
        switch Caller(context.principal) {
        case .admin:
            return
        case .store(let own):
            guard own == storeId else { throw LoyaltyError.forbidden("the API key of store \(own) cannot act for store \(storeId)") }
        default:
            throw LoyaltyError.forbidden("only the store's agent (x-store-api-key) may do this")
        }
    }

    /// The till's agent of `storeId` itself (the store's API key), nobody else, not even an admin:
    /// taking hands discounts to a till, so a dashboard that took them would hold them from it.
    func requireStoreKey(_ context: RPCContext, storeId: Int32) throws {
        guard case .store(let own) = Caller(context.principal) else { throw LoyaltyError.storeKeyOnly }
        guard own == storeId else { throw LoyaltyError.forbidden("the API key of store \(own) cannot act for store \(storeId)") }
    }

    func requireAdmin(_ context: RPCContext) throws {
        guard Caller(context.principal) == .admin else { throw LoyaltyError.forbidden("requires role admin") }
    }
}
