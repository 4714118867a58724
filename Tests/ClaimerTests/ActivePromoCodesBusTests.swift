import Bus
import Claimer
import CodeInventory
import Contracts
import Foundation
import Logging
import ServiceKit
import TestSupport
import XCTest

/// Submit without codes asks the real code-inventory for its active promo codes over the bus.
final class ActivePromoCodesBusTests: XCTestCase {
    func test_submitWithoutCodes_claimsEveryActivePromoCodeOfCodeInventory() async throws {
        let name = "ci-" + UUID().uuidString.prefix(8).lowercased()
        let environment = InProcessService.environment(
            name: name,
            databaseURL: ClaimerHarness.databaseURL,
            extra: ["OBJECT_STORE_DIR": NSTemporaryDirectory()]
        )
        try await withInProcessService(
            definition: CodeInventoryService.makeDefinition(name: name, environment: environment),
            environment: environment,
            clock: SystemClock()
        ) { inventory in
            let now = Date()
            for (code, until) in [("ACTIVE-A", 3600.0), ("ACTIVE-B", 7200.0), ("ENDED-C", -60.0)] {
                let from = until < 0 ? now.addingTimeInterval(-7200) : now.addingTimeInterval(-60)
                let _: PromoCode = try await inventory.call(
                    "CreatePromoCode",
                    CreatePromoCodeRequest(
                        code: code,
                        benefit: PromoBenefit(credits: 100),
                        maxRedemptions: 10,
                        validFrom: Timestamps.format(from),
                        validUntil: Timestamps.format(now.addingTimeInterval(until))
                    ),
                    principal: Principal(subject: "adm", roles: ["admin"])
                )
            }
            let promo = ActivePromoCodes.bus(url: inventory.rpcURL, logger: Logger(label: "test"))
            try await withClaimer(workers: true, promoCodes: promo) { h in
                let reply = try await h.submit("p1", codes: [])
                XCTAssertEqual(reply.enqueued, 2)
                _ = try await h.waitUntilSettled("p1")
                let codes = try await h.history("p1").map(\.code).sorted()
                XCTAssertEqual(codes, ["ACTIVE-A", "ACTIVE-B"])
            }
        }
    }
}
