import Bus
import CodeInventory
import Contracts
import Foundation
import Logging
import Markets
import ServiceKit
import Store
import TestSupport

/// The real code-inventory service in-process, for markets tests that redeem promo codes over the bus.
struct CodeInventoryPeer {
    let service: InProcessService
    var client: RPCClient { service.client }

    static func start(clock: ManualClock) async throws -> CodeInventoryPeer {
        let name = "mkci-" + UUID().uuidString.prefix(8).lowercased()
        let environment = InProcessService.environment(
            name: name,
            databaseURL: MarketsHarness.databaseURL,
            poolSize: 4,
            extra: [
                "OBJECT_STORE_DIR": FileManager.default.temporaryDirectory.appendingPathComponent(name).path
            ]
        )
        return CodeInventoryPeer(
            service: try await InProcessService.start(
                definition: CodeInventoryService.makeDefinition(name: name, environment: environment),
                environment: environment,
                clock: clock
            )
        )
    }

    /// markets' view of this service: `RedeemPromo` over the bus.
    var redeemer: BusPromoRedeemer { BusPromoRedeemer(client: client) }

    func createPromo(_ code: String, benefit: PromoBenefit, max: Int32 = 5, until: String = "2027-06-01T00:00:00Z") async throws {
        _ = try await client.call(
            "CreatePromoCode",
            CreatePromoCodeRequest(code: code, benefit: benefit, maxRedemptions: max, validUntil: until),
            as: PromoCode.self,
            options: CallOptions(principal: Principal(subject: "adm", roles: ["admin"]))
        )
    }

    func stop() async { await service.stop(dropSchema: true) }
}

/// Starts a code-inventory peer, runs `body` with it and stops it (dropping its schema), also when `body` throws.
@discardableResult
func withCodeInventoryPeer<Result>(clock: ManualClock, _ body: (CodeInventoryPeer) async throws -> Result) async throws -> Result {
    try await withStarted(try await CodeInventoryPeer.start(clock: clock), stop: { await $0.stop() }, body)
}
