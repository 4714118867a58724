import Bus
import Contracts
import Foundation
import ServiceKit

/// Stores, their keys and cashiers (admin), and API-key lookup for the gateway.
struct StoreAdminHandlers: Sendable {
    let stores: StoreDirectory
    let keys: StoreKeyRotation
    let access: Access
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        // Not registerIdempotent: a stored reply would keep the plaintext API key in the database.
        runtime.router.register(LoyaltyMethods.createStore) { (request: CreateStoreRequest, context) in try await create(request, context) }
        runtime.router.register(LoyaltyMethods.listStores) { (_: ListStoresRequest, context) in
            try access.requireAdmin(context)
            return StoreList(stores: try await stores.list())
        }
        runtime.router.register(LoyaltyMethods.addCashier) { (request: AddCashierRequest, context) in try await addCashier(request, context) }
        runtime.router.register(LoyaltyMethods.listCashiers) { (request: ListCashiersRequest, context) in
            guard request.storeId > 0 else { throw LoyaltyError.invalid("storeId", "must be a positive store id") }
            try access.requireAdmin(context)
            return CashierList(storeId: request.storeId, cashiers: try await stores.cashiers(storeId: request.storeId))
        }
        runtime.router.register(LoyaltyMethods.removeCashier) { (request: RemoveCashierRequest, context) in
            try await removeCashier(request, context)
        }
        // Not registerIdempotent, as CreateStore: a stored reply would keep the plaintext key.
        runtime.router.register(LoyaltyMethods.rotateStoreKey) { (request: RotateStoreKeyRequest, context) in
            guard request.storeId > 0 else { throw LoyaltyError.invalid("storeId", "must be a positive store id") }
            try access.requireAdmin(context)
            return try await keys.rotate(storeId: request.storeId, now: clock.now())
        }
        runtime.router.register(LoyaltyMethods.authenticateStore) { (request: AuthenticateStoreRequest, context) in
            try context.require(anyRole: "service")
            guard let store = try await stores.authenticate(apiKey: request.apiKey) else {
                throw RPCError(.unauthenticated, "unknown store API key")
            }
            return store
        }
    }

    func create(_ request: CreateStoreRequest, _ context: RPCContext) async throws -> StoreInfo {
        try access.requireAdmin(context)
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw LoyaltyError.invalid("name", name.isEmpty ? "is required" : "at most 100 characters") }
        return try await stores.create(name: name, now: clock.now())
    }

    func addCashier(_ request: AddCashierRequest, _ context: RPCContext) async throws -> Cashier {
        var violations: [Violation] = []
        if request.storeId <= 0 { violations.append(Violation("storeId", "must be a positive store id")) }
        if request.telegramId <= 0 { violations.append(Violation("telegramId", "must be a Telegram user id")) }
        guard violations.isEmpty else { throw LoyaltyError.invalid(violations) }
        try access.requireAdmin(context)
        return try await stores.addCashier(storeId: request.storeId, telegramId: request.telegramId, now: clock.now())
    }

    func removeCashier(_ request: RemoveCashierRequest, _ context: RPCContext) async throws -> RemoveCashierReply {
        var violations: [Violation] = []
        if request.storeId <= 0 { violations.append(Violation("storeId", "must be a positive store id")) }
        if request.telegramId <= 0 { violations.append(Violation("telegramId", "must be a Telegram user id")) }
        guard violations.isEmpty else { throw LoyaltyError.invalid(violations) }
        try access.requireAdmin(context)
        try await stores.removeCashier(storeId: request.storeId, telegramId: request.telegramId)
        return RemoveCashierReply(storeId: request.storeId, telegramId: request.telegramId, removed: true)
    }
}
