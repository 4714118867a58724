import Bus
import Contracts
import Foundation
import Loyalty
import ServiceKit
import TestSupport
import XCTest

/// A store's cashiers (listed, removed), its API key rotated, and the till session (who may act
/// for which stores).
final class StoreAdminTests: XCTestCase {
    func test_cashiers_areListed_andARemovedCashiersNextCallIsForbidden() async throws {
        try await withLoyalty { service in
            let store = try await service.store()
            let other = try await service.store("Other")
            let card = try await service.customer()
            for id: Int64 in [7001, 7002] {
                _ = try await service.call("AddCashier", AddCashierRequest(storeId: store.id, telegramId: id), as: Cashier.self)
            }
            _ = try await service.call("AddCashier", AddCashierRequest(storeId: other.id, telegramId: 7001), as: Cashier.self)
            let listed = try await service.call("ListCashiers", ListCashiersRequest(storeId: store.id), as: CashierList.self)
            XCTAssertEqual(listed.storeId, store.id)
            XCTAssertEqual(listed.cashiers.map(\.telegramId), [7001, 7002])
            XCTAssertEqual(listed.cashiers.first?.createdAt, Timestamps.format(service.clock.now()))

            let cashier = LoyaltyHarness.telegram(7001)
            let before = try await service.reply("Earn", EarnRequest(card: card, storeId: store.id, amount: "100"), principal: cashier)
            XCTAssertEqual(before.status, .ok)
            let removed = try await service.call(
                "RemoveCashier",
                RemoveCashierRequest(storeId: store.id, telegramId: 7001),
                as: RemoveCashierReply.self
            )
            XCTAssertEqual(removed, RemoveCashierReply(storeId: store.id, telegramId: 7001, removed: true))
            let after = try await service.reply("Earn", EarnRequest(card: card, storeId: store.id, amount: "200"), principal: cashier)
            XCTAssertEqual(after.status, .permissionDenied, "the very next call")
            let elsewhere = try await service.reply("Earn", EarnRequest(card: card, storeId: other.id, amount: "200"), principal: cashier)
            XCTAssertEqual(elsewhere.status, .ok, "still a cashier of the other store")
            let remaining = try await service.call("ListCashiers", ListCashiersRequest(storeId: store.id), as: CashierList.self)
            XCTAssertEqual(remaining.cashiers.map(\.telegramId), [7002])

            let again = try await service.reply("RemoveCashier", RemoveCashierRequest(storeId: store.id, telegramId: 7001))
            XCTAssertEqual(again.status, .notFound)
            let noStore = try await service.reply("ListCashiers", ListCashiersRequest(storeId: 9999))
            XCTAssertEqual(noStore.status, .notFound)
            let empty = try await service.call("ListCashiers", ListCashiersRequest(storeId: other.id), as: CashierList.self)
            XCTAssertEqual(empty.cashiers.map(\.telegramId), [7001])
            let bad = try await service.reply("RemoveCashier", RemoveCashierRequest(storeId: 0, telegramId: -3))
            XCTAssertEqual(Set(bad.violations.map(\.field)), ["storeId", "telegramId"])
            for principal in [LoyaltyHarness.store(store.id), LoyaltyHarness.telegram(7002)] {
                let list = try await service.reply("ListCashiers", ListCashiersRequest(storeId: store.id), principal: principal)
                XCTAssertEqual(list.status, .permissionDenied)
                let remove = try await service.reply("RemoveCashier", RemoveCashierRequest(storeId: store.id, telegramId: 7002), principal: principal)
                XCTAssertEqual(remove.status, .permissionDenied)
            }
        }
    }

    func test_rotatedKey_replacesTheOld_atOnce_withAnEvent() async throws {
        try await withLoyalty { service in
            let created = try await service.store("Ashukino")
            _ = try await service.call("AddCashier", AddCashierRequest(storeId: created.id, telegramId: 1), as: Cashier.self)
            let gateway = Principal.service("gateway")
            service.clock.advance(by: 60)
            let rotated = try await service.call("RotateStoreKey", RotateStoreKeyRequest(storeId: created.id), as: StoreInfo.self)
            XCTAssertEqual(rotated.id, created.id)
            XCTAssertEqual(rotated.name, "Ashukino")
            XCTAssertEqual(rotated.createdAt, created.createdAt)
            XCTAssertEqual(rotated.cashiers, 1)
            XCTAssertTrue(rotated.apiKey.hasPrefix("sk_"))
            XCTAssertNotEqual(rotated.apiKey, created.apiKey)

            let old = try await service.reply("AuthenticateStore", AuthenticateStoreRequest(apiKey: created.apiKey), principal: gateway)
            XCTAssertEqual(old.status, .unauthenticated)
            let new = try await service.call(
                "AuthenticateStore",
                AuthenticateStoreRequest(apiKey: rotated.apiKey),
                as: AuthenticatedStore.self,
                principal: gateway
            )
            XCTAssertEqual(new.storeId, created.id)
            let stored = try await service.runtime.database.pool.query("SELECT api_key_hash FROM stores")
            XCTAssertNotEqual(try stored[0].decode("api_key_hash", as: Data.self), Data(rotated.apiKey.utf8), "stored hashed")

            let rows = try await service.runtime.database.pool.query(
                "SELECT payload FROM outbox WHERE topic = \(service.name + ".store_key_rotated")"
            )
            let events = try rows.map { try StoreKeyRotated(serializedBytes: try $0.decode("payload", as: [UInt8].self)) }
            XCTAssertEqual(events, [StoreKeyRotated(storeId: created.id, occurredAt: Timestamps.format(service.clock.now()))])

            let missing = try await service.reply("RotateStoreKey", RotateStoreKeyRequest(storeId: 9999))
            XCTAssertEqual(missing.status, .notFound)
            let bad = try await service.reply("RotateStoreKey", RotateStoreKeyRequest(storeId: -1))
            XCTAssertEqual(bad.violations.map(\.field), ["storeId"])
            let byStore = try await service.reply(
                "RotateStoreKey",
                RotateStoreKeyRequest(storeId: created.id),
                principal: LoyaltyHarness.store(created.id)
            )
            XCTAssertEqual(byStore.status, .permissionDenied)
            let stillNew = try await service.reply("AuthenticateStore", AuthenticateStoreRequest(apiKey: rotated.apiKey), principal: gateway)
            XCTAssertEqual(stillNew.status, .ok, "refused rotations change nothing")
        }
    }

    func test_cashierSession_namesTheCaller_andTheStoresTheyMayActFor() async throws {
        try await withLoyalty { service in
            let first = try await service.store("First")
            let second = try await service.store("Second")
            _ = try await service.call("AddCashier", AddCashierRequest(storeId: second.id, telegramId: 8001), as: Cashier.self)

            let admin = try await service.call("GetCashierSession", GetCashierSessionRequest(), as: CashierSession.self)
            XCTAssertEqual(admin.kind, "admin")
            XCTAssertEqual(admin.telegramId, 0)
            XCTAssertEqual(admin.stores, [SessionStore(id: first.id, name: "First"), SessionStore(id: second.id, name: "Second")])
            let till = try await service.call(
                "GetCashierSession",
                GetCashierSessionRequest(),
                as: CashierSession.self,
                principal: LoyaltyHarness.store(first.id)
            )
            XCTAssertEqual(till, CashierSession(kind: "store_key", stores: [SessionStore(id: first.id, name: "First")]))
            let cashier = try await service.call(
                "GetCashierSession",
                GetCashierSessionRequest(),
                as: CashierSession.self,
                principal: LoyaltyHarness.telegram(8001)
            )
            XCTAssertEqual(cashier, CashierSession(kind: "telegram", telegramId: 8001, stores: [SessionStore(id: second.id, name: "Second")]))
            let customer = try await service.call(
                "GetCashierSession",
                GetCashierSessionRequest(),
                as: CashierSession.self,
                principal: LoyaltyHarness.telegram(8002)
            )
            XCTAssertEqual(customer, CashierSession(kind: "telegram", telegramId: 8002, stores: []))
            let scheduler = try await service.reply("GetCashierSession", GetCashierSessionRequest(), principal: LoyaltyHarness.scheduler)
            XCTAssertEqual(scheduler.status, .permissionDenied)
        }
    }
}
