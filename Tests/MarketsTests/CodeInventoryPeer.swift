import Bus
import CodeInventory
import Contracts
import Foundation
import Logging
import Markets
import Store
@testable import ServiceKit

/// The real code-inventory service in-process, for markets tests that redeem promo codes over the bus.
struct CodeInventoryPeer {
    let runtime: ServiceRuntime
    let client: RPCClient

    static func start(clock: ManualClock) async throws -> CodeInventoryPeer {
        let name = "mkci-" + UUID().uuidString.prefix(8).lowercased()
        let prefix = ServiceEndpoints.envPrefix(name)
        let environment = ServiceEnvironment([
            "DATABASE_URL": MarketsHarness.databaseURL,
            "\(prefix)_RPC_URL": "ipc:///tmp/\(name)-rpc.ipc",
            "\(prefix)_EVENTS_URL": "ipc:///tmp/\(name)-events.ipc",
            "DB_POOL_SIZE": "4",
            "OBJECT_STORE_DIR": FileManager.default.temporaryDirectory.appendingPathComponent(name).path,
        ])
        let config = ServiceConfig(name: name, environment: environment)
        var logger = Logger(label: name)
        logger.logLevel = .warning
        let definition = CodeInventoryService.makeDefinition(name: name, environment: environment)
        let runtime = try ServiceRuntime(definition: definition, config: config, clock: clock, logger: logger)
        try await DatabaseBootstrap(config: config, database: runtime.database,
                                    serviceMigrations: try Migration.load(directory: definition.migrationsDirectory!), logger: logger).run()
        runtime.server.start()
        return CodeInventoryPeer(runtime: runtime, client: try RPCClient(service: name, urls: [config.rpcURL], logger: logger))
    }

    /// markets' view of this service: `RedeemPromo` over the bus.
    var redeemer: BusPromoRedeemer { BusPromoRedeemer(client: client) }

    func createPromo(_ code: String, benefit: PromoBenefit, max: Int32 = 5, until: String = "2027-06-01T00:00:00Z") async throws {
        _ = try await client.call("CreatePromoCode", CreatePromoCodeRequest(code: code, benefit: benefit, maxRedemptions: max, validUntil: until),
                                  as: PromoCode.self, options: CallOptions(principal: Principal(subject: "adm", roles: ["admin"])))
    }

    func stop() async {
        client.close()
        await runtime.server.stop()
        runtime.publisher.close()
        _ = try? await runtime.database.pool.execute("DROP SCHEMA IF EXISTS \(identifier: runtime.config.schema) CASCADE")
        await runtime.database.pool.close()
    }
}
