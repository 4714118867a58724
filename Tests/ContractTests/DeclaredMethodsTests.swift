import Bus
import Claimer
import CodeInventory
import Contracts
import Foundation
import Logging
import Loyalty
import Markets
import Scheduler
import XCTest

@testable import Gateway
@testable import ServiceKit

/// Every service registers exactly the rpcs its proto `service` declares (with the platform's),
/// and every route of the gateway reaches one of them.
final class DeclaredMethodsTests: XCTestCase {
    /// The declared rpcs of each service: the platform's plus its own lists.
    static let declared: [String: [any RPCMethodDescription]] = [
        "loyalty": PlatformMethods.all + LoyaltyMethods.all,
        "code-inventory": PlatformMethods.all + CodeInventoryMethods.all,
        "claimer": PlatformMethods.all + ClaimerMethods.all,
        "markets": PlatformMethods.all + MarketsMethods.all + MarketsDisciplineMethods.all + MarketsEconomyMethods.all,
        "scheduler": PlatformMethods.all + SchedulerMethods.all,
    ]

    func testEachServiceRegistersExactlyItsDeclaredRpcs() async throws {
        for (name, definition) in try Self.definitions() {
            let registered = try await withRuntime(definition) { $0.router.methods }
            let declared = Self.declared[name, default: []].map(\.name)
            XCTAssertEqual(Set(declared).count, declared.count, "\(name) declares an rpc twice")
            XCTAssertEqual(
                Set(registered),
                Set(declared),
                "\(name): registered but not declared \(Set(registered).subtracting(declared).sorted()); "
                    + "declared but not registered \(Set(declared).subtracting(registered).sorted())"
            )
        }
    }

    func testEveryRouteReachesARegisteredRpcOfItsService() async throws {
        var registered: [String: Set<String>] = [:]
        for (name, definition) in try Self.definitions() {
            registered[name] = Set(try await withRuntime(definition) { $0.router.methods })
        }
        XCTAssertFalse(GatewayRoutes.all.isEmpty)
        for route in GatewayRoutes.all {
            let methods = try XCTUnwrap(registered[route.service], "\(route.method) \(route.path): no service \(route.service)")
            XCTAssertTrue(methods.contains(route.rpc), "\(route.method) \(route.path) → \(route.service).\(route.rpc) is not registered")
            let declared = Self.declared[route.service, default: []].first { $0.name == route.rpc }
            XCTAssertEqual(declared?.requestType, route.requestType, "\(route.path): request type")
            XCTAssertEqual(declared?.responseType, route.responseType, "\(route.path): reply type")
        }
    }

    func testEveryServiceWithRoutesIsKnownToTheGateway() {
        XCTAssertEqual(Set(Self.declared.keys), Set(ServiceEndpoints.services))
        for route in GatewayRoutes.all {
            XCTAssertTrue(ServiceEndpoints.services.contains(route.service), "\(route.path): unknown service \(route.service)")
        }
    }

    // MARK: - helpers

    private static func environment(_ name: String) -> ServiceEnvironment {
        let id = UUID().uuidString.prefix(8)
        let prefix = ServiceEndpoints.envPrefix(name)
        return ServiceEnvironment([
            // No connection is opened: registering handlers needs none.
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none",
            "\(prefix)_RPC_URL": "ipc:///tmp/contract-\(name)-\(id)-rpc.ipc",
            "\(prefix)_EVENTS_URL": "ipc:///tmp/contract-\(name)-\(id)-events.ipc",
            "CLAIMER_ENCRYPTION_KEY": "contract:" + Data(repeating: 7, count: 32).base64EncodedString(),
        ])
    }

    private static func definitions() throws -> [(String, (ServiceDefinition, ServiceEnvironment))] {
        func entry(
            _ name: String,
            _ make: (ServiceEnvironment) throws -> ServiceDefinition
        ) throws -> (String, (ServiceDefinition, ServiceEnvironment)) {
            let environment = environment(name)
            return (name, (try make(environment), environment))
        }
        return [
            try entry("loyalty") { LoyaltyService.makeDefinition(environment: $0) },
            try entry("code-inventory") { CodeInventoryService.makeDefinition(environment: $0) },
            try entry("claimer") { try ClaimerService.makeDefinition(environment: $0) },
            try entry("markets") { MarketsService.makeDefinition(environment: $0) },
            try entry("scheduler") { SchedulerService.makeDefinition(environment: $0) },
        ]
    }

    /// Builds the service's runtime (sockets bound, no database connection), runs `body`, closes it.
    private func withRuntime<T>(
        _ entry: (ServiceDefinition, ServiceEnvironment),
        _ body: (ServiceRuntime) throws -> T
    ) async throws -> T {
        let (definition, environment) = entry
        var logger = Logger(label: "contract")
        logger.logLevel = .critical
        let runtime = try ServiceRuntime(
            definition: definition,
            config: ServiceConfig(name: definition.name, environment: environment),
            logger: logger
        )
        let result = Result { try body(runtime) }
        await runtime.server.stop()
        runtime.publisher.close()
        await runtime.database.pool.close()
        return try result.get()
    }
}
