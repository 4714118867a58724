import Bus
import Contracts
import Foundation
import Loyalty
import ServiceKit
import XCTest

/// Who may do what: Telegram customers, registered cashiers, store keys and admins.
final class AccessTests: XCTestCase {
    func test_registration_givesOneCardPerTelegramUser() async throws {
        try await withLoyalty { service in
            let first = try await service.call(
                "RegisterCustomer",
                RegisterCustomerRequest(),
                as: Customer.self,
                principal: LoyaltyHarness.telegram(42, name: "Anna K")
            )
            let again = try await service.call(
                "RegisterCustomer",
                RegisterCustomerRequest(),
                as: Customer.self,
                principal: LoyaltyHarness.telegram(42)
            )
            XCTAssertEqual(first.card, again.card)
            XCTAssertEqual(first.name, "Anna K")
            XCTAssertNotNil(CardNumber.normalized(first.card))
            XCTAssertEqual(first.balance, 0)
            let byAdmin = try await service.reply("RegisterCustomer", RegisterCustomerRequest(), principal: LoyaltyHarness.admin)
            XCTAssertEqual(byAdmin.status, .permissionDenied)
        }
    }

    func test_telegramUser_seesOnlyOwnCard_untilAdminMakesThemCashier() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let mine = try await service.customer(telegramId: 1001)
            let theirs = try await service.customer(telegramId: 1002)
            let me = LoyaltyHarness.telegram(1001)
            let value1 = try await service.reply("GetCustomer", GetCustomerRequest(card: mine), principal: me).status
            XCTAssertEqual(value1, .ok)
            let value2 = try await service.reply("GetCustomer", GetCustomerRequest(card: theirs), principal: me).status
            XCTAssertEqual(value2, .permissionDenied)
            let value3 = try await service.reply("ListCustomerTransactions", ListCustomerTransactionsRequest(card: theirs), principal: me).status
            XCTAssertEqual(
                value3,
                .permissionDenied
            )
            let value4 = try await service.reply("Earn", EarnRequest(card: mine, storeId: store.id, amount: "100"), principal: me).status
            XCTAssertEqual(
                value4,
                .permissionDenied,
                "a customer cannot earn for themselves"
            )
            let notAdmin = try await service.reply("AddCashier", AddCashierRequest(storeId: store.id, telegramId: 1001), principal: me)
            XCTAssertEqual(notAdmin.status, .permissionDenied)

            _ = try await service.call("AddCashier", AddCashierRequest(storeId: store.id, telegramId: 1001), as: Cashier.self)
            let value5 = try await service.reply("GetCustomer", GetCustomerRequest(card: theirs), principal: me).status
            XCTAssertEqual(value5, .ok)
            let value6 = try await service.reply("Earn", EarnRequest(card: theirs, storeId: store.id, amount: "100"), principal: me).status
            XCTAssertEqual(value6, .ok)
            let other = try await service.store("Other")
            let value7 = try await service.reply("Earn", EarnRequest(card: theirs, storeId: other.id, amount: "100"), principal: me).status
            XCTAssertEqual(
                value7,
                .permissionDenied,
                "a cashier of one store cannot act for another"
            )
            let missingStore = try await service.reply("AddCashier", AddCashierRequest(storeId: 9999, telegramId: 5))
            XCTAssertEqual(missingStore.status, .notFound)
        }
    }

    func test_customerAskingForACardNotTheirs_getsTheSameAnswer_whetherItExistsOrNot() async throws {
        try await withLoyalty { service in
            let mine = try await service.customer(telegramId: 2001)
            let theirs = try await service.customer(telegramId: 2002)
            let missing = try XCTUnwrap(["100000", "200000", "300000"].first { $0 != mine && $0 != theirs })
            let me = LoyaltyHarness.telegram(2001)
            for method in ["GetCustomer", "ListCustomerTransactions"] {
                let existing: Reply
                let absent: Reply
                if method == "GetCustomer" {
                    existing = try await service.reply(method, GetCustomerRequest(card: theirs), principal: me)
                    absent = try await service.reply(method, GetCustomerRequest(card: missing), principal: me)
                } else {
                    existing = try await service.reply(method, ListCustomerTransactionsRequest(card: theirs), principal: me)
                    absent = try await service.reply(method, ListCustomerTransactionsRequest(card: missing), principal: me)
                }
                XCTAssertEqual(existing.status, .permissionDenied, method)
                XCTAssertEqual(existing.reason, "NOT_YOUR_CARD", method)
                XCTAssertEqual(
                    [absent.status.rawValue, absent.message, absent.reason],
                    [existing.status.rawValue, existing.message, existing.reason],
                    method
                )
            }
            let forAdmin = try await service.reply("GetCustomer", GetCustomerRequest(card: missing))
            XCTAssertEqual(forAdmin.status, .notFound, "cashiers and admins still learn a card does not exist")
        }
    }

    func test_storeKeys_areShownOnce_andResolveToTheirStore() async throws {
        try await withLoyalty { service in
            let created = try await service.store("Ashukino")
            XCTAssertTrue(created.apiKey.hasPrefix("sk_"))
            let listed = try await service.call("ListStores", ListStoresRequest(), as: StoreList.self)
            XCTAssertEqual(listed.stores.map(\.name), ["Ashukino"])
            XCTAssertEqual(listed.stores.first?.apiKey, "", "keys are never listed")
            let stored = try await service.runtime.database.pool.query("SELECT api_key_hash FROM stores")
            XCTAssertNotEqual(try stored[0].decode("api_key_hash", as: Data.self), Data(created.apiKey.utf8))
            let gateway = Principal.service("gateway")
            let resolved = try await service.call(
                "AuthenticateStore",
                AuthenticateStoreRequest(apiKey: created.apiKey),
                as: AuthenticatedStore.self,
                principal: gateway
            )
            XCTAssertEqual(resolved.storeId, created.id)
            let wrong = try await service.reply("AuthenticateStore", AuthenticateStoreRequest(apiKey: "sk_nope"), principal: gateway)
            XCTAssertEqual(wrong.status, .unauthenticated)
            let notService = try await service.reply(
                "AuthenticateStore",
                AuthenticateStoreRequest(apiKey: created.apiKey),
                principal: LoyaltyHarness.store(1)
            )
            XCTAssertEqual(notService.status, .permissionDenied)
            let bad = try await service.reply("CreateStore", CreateStoreRequest(name: "  "))
            XCTAssertEqual(bad.violations.map(\.field), ["name"])
        }
    }
}
