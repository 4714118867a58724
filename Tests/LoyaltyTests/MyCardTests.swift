import Contracts
import Foundation
import Loyalty
import ServiceKit
import TestSupport
import XCTest

/// A customer's own card (`GetMyCard`) and name (`UpdateMyProfile`), Telegram users only; a
/// repeated registration returns the card as it is.
final class MyCardTests: XCTestCase {
    func test_myCard_isTheTelegramUsersOwn_404WithoutOne() async throws {
        try await withLoyalty { service in
            let me = LoyaltyHarness.telegram(3001, name: "Olga")
            let none = try await service.reply("GetMyCard", GetMyCardRequest(), principal: me)
            XCTAssertEqual(none.status, .notFound)
            let card = try await service.customer(telegramId: 3001, name: "Olga")
            _ = try await service.customer(telegramId: 3002, name: "Someone else")
            let store = try await service.store()
            _ = try await service.earn(card, store: store.id, amount: "1000")
            let mine = try await service.call("GetMyCard", GetMyCardRequest(), as: Customer.self, principal: me)
            let value3 = try await service.customerView(card)
            XCTAssertEqual(mine, value3)
            XCTAssertEqual(mine.balance, 40)
            XCTAssertEqual(mine.name, "Olga")
            for principal in [LoyaltyHarness.admin, LoyaltyHarness.store(store.id)] {
                let refused = try await service.reply("GetMyCard", GetMyCardRequest(), principal: principal)
                XCTAssertEqual(refused.status, .permissionDenied)
            }
        }
    }

    func test_updateMyProfile_renamesTheCard_andRegisteringAgainKeepsTheName() async throws {
        try await withLoyalty { service in
            let me = LoyaltyHarness.telegram(4001, name: "Telegram Name")
            let registered = try await service.call("RegisterCustomer", RegisterCustomerRequest(name: "Pavel"), as: Customer.self, principal: me)
            XCTAssertEqual(registered.name, "Pavel")
            let renamed = try await service.call("UpdateMyProfile", UpdateMyProfileRequest(name: "  Pavel S.  "), as: Customer.self, principal: me)
            XCTAssertEqual(renamed.card, registered.card)
            XCTAssertEqual(renamed.name, "Pavel S.")
            let again = try await service.call("RegisterCustomer", RegisterCustomerRequest(name: "Someone"), as: Customer.self, principal: me)
            XCTAssertEqual(again.card, registered.card)
            XCTAssertEqual(again.name, "Pavel S.", "a repeated registration never renames")
            let plain = try await service.call("RegisterCustomer", RegisterCustomerRequest(), as: Customer.self, principal: me)
            XCTAssertEqual(plain.name, "Pavel S.")
            let longest = String(repeating: "я", count: 64)
            let long = try await service.call("UpdateMyProfile", UpdateMyProfileRequest(name: longest), as: Customer.self, principal: me)
            XCTAssertEqual(long.name, longest)
            let value4 = try await service.customerView(registered.card).name
            XCTAssertEqual(value4, longest)
        }
    }

    func test_registerCustomer_takesANameOfUpTo64Characters_andRefusesALongerOneWithoutACard() async throws {
        try await withLoyalty { service in
            let me = LoyaltyHarness.telegram(6001, name: "Telegram Name")
            let refused = try await service.reply("RegisterCustomer", RegisterCustomerRequest(name: String(repeating: "я", count: 65)), principal: me)
            XCTAssertEqual(refused.status, .invalidArgument)
            XCTAssertEqual(refused.violations.map(\.field), ["name"])
            let none = try await service.reply("GetMyCard", GetMyCardRequest(), principal: me)
            XCTAssertEqual(none.status, .notFound, "the refused registration made no card")
            let longest = String(repeating: "я", count: 64)
            let registered = try await service.call(
                "RegisterCustomer",
                RegisterCustomerRequest(name: "  \(longest)  "),
                as: Customer.self,
                principal: me
            )
            XCTAssertEqual(registered.name, longest)
            // Without a name the card takes Telegram's, cut to the same limit.
            let longTelegramName = LoyaltyHarness.telegram(6002, name: String(repeating: "x", count: 80))
            let named = try await service.call("RegisterCustomer", RegisterCustomerRequest(), as: Customer.self, principal: longTelegramName)
            XCTAssertEqual(named.name, String(repeating: "x", count: 64))
        }
    }

    func test_registerCustomer_refusesANameWithAControlCharacter_andMakesNoCard() async throws {
        try await withLoyalty { service in
            let me = LoyaltyHarness.telegram(6101, name: "Telegram Name")
            for name in ["tab\there", "bell\u{7}", "escape\u{1B}[31m"] {
                let refused = try await service.reply("RegisterCustomer", RegisterCustomerRequest(name: name), principal: me)
                XCTAssertEqual(refused.status, .invalidArgument, name)
                XCTAssertEqual(refused.violations.map(\.field), ["name"], name)
            }
            let none = try await service.reply("GetMyCard", GetMyCardRequest(), principal: me)
            XCTAssertEqual(none.status, .notFound, "no refused registration made a card")
            // A Telegram name is taken without its control characters.
            let odd = LoyaltyHarness.telegram(6102, name: "Ivan\u{7} Petrov\u{1B}")
            let named = try await service.call("RegisterCustomer", RegisterCustomerRequest(), as: Customer.self, principal: odd)
            XCTAssertEqual(named.name, "Ivan Petrov")
        }
    }

    func test_updateMyProfile_refusesABadName_andCallersWithoutACard() async throws {
        try await withLoyalty { service in
            let me = LoyaltyHarness.telegram(5001)
            _ = try await service.customer(telegramId: 5001, name: "Ivan")
            for name in ["", "   ", String(repeating: "x", count: 65), "tab\there", "bell\u{7}"] {
                let refused = try await service.reply("UpdateMyProfile", UpdateMyProfileRequest(name: name), principal: me)
                XCTAssertEqual(refused.status, .invalidArgument, name)
                XCTAssertEqual(refused.violations.map(\.field), ["name"], name)
            }
            let value5 = try await service.call("GetMyCard", GetMyCardRequest(), as: Customer.self, principal: me).name
            XCTAssertEqual(value5, "Ivan")
            let noCard = try await service.reply("UpdateMyProfile", UpdateMyProfileRequest(name: "New"), principal: LoyaltyHarness.telegram(5002))
            XCTAssertEqual(noCard.status, .notFound)
            let admin = try await service.reply("UpdateMyProfile", UpdateMyProfileRequest(name: "New"), principal: LoyaltyHarness.admin)
            XCTAssertEqual(admin.status, .permissionDenied)
        }
    }
}
