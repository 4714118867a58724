import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization
import TestSupport
import XCTest

@testable import ServiceKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

final class ServiceHTTPPortTests: XCTestCase {
    func test_probes_readyOnlyOnceMigrated_andNotWhileDraining_metricsAreThePrometheusText() async throws {
        let name = TestService.uniqueName()
        let config = ServiceConfig(name: name, environment: TestService.environment(name: name))
        let logger = Logger(label: name)
        let runtime = try ServiceRuntime(definition: ServiceDefinition(name: name, migrationsDirectory: nil), config: config, logger: logger)
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let port = ServiceHTTPPort(runtime: runtime, address: HostPort(host: "127.0.0.1", port: 0)) { listening.yield($0) }
        let running = Task {
            // A port that fails to start ends the stream: the test fails instead of waiting.
            defer { listening.finish() }
            try await port.run()
        }
        do {
            var bound = ports.makeAsyncIterator()
            let next = await bound.next()
            let boundPort = try XCTUnwrap(next, "the HTTP port did not start")
            let base = "http://127.0.0.1:\(boundPort)"

            let alive = try await Self.get(base + "/healthz")
            XCTAssertEqual(alive.status, 200)
            let starting = try await Self.get(base + "/readyz")
            XCTAssertEqual(starting.status, 503, "not migrated yet")
            XCTAssertEqual(Self.checks(starting.body)["migrated"], false)

            try await DatabaseBootstrap(config: config, database: runtime.database, serviceMigrations: [], logger: logger, maxAttempts: 3).run()
            let ready = try await Self.get(base + "/readyz")
            XCTAssertEqual(ready.status, 200, String(decoding: ready.body, as: UTF8.self))
            XCTAssertEqual(Self.checks(ready.body), ["migrated": true, "database": true, "serving": true])

            let metrics = try await Self.get(base + "/metrics")
            XCTAssertEqual(metrics.status, 200)
            XCTAssertEqual(metrics.contentType, "text/plain; version=0.0.4")
            let text = String(decoding: metrics.body, as: UTF8.self)
            XCTAssertTrue(text.contains(#"build_info{service="\#(name)""#), text)
            XCTAssertTrue(text.contains("db_pool_size"), text)

            runtime.drain.begin()
            let draining = try await Self.get(base + "/readyz")
            XCTAssertEqual(draining.status, 503, "draining")
            XCTAssertEqual(Self.checks(draining.body)["serving"], false)
            let stillAlive = try await Self.get(base + "/healthz")
            XCTAssertEqual(stillAlive.status, 200, "alive while draining")
        } catch {
            running.cancel()
            await Self.drop(runtime)
            throw error
        }
        running.cancel()
        _ = await running.result
        await Self.drop(runtime)
    }

    func test_drain_beginsWhenGracefulShutdownDoes() async throws {
        let drain = ServiceDrain()
        let group = ServiceGroup(configuration: .init(services: [drain], logger: Logger(label: "drain")))
        let running = Task { try await group.run() }
        XCTAssertFalse(drain.isDraining)
        await group.triggerGracefulShutdown()
        try await running.value
        XCTAssertTrue(drain.isDraining)
    }

    func test_drainDelay_servicesStartedBeforeItStopOnlyAfterTheFlagIsSet() async throws {
        let drain = ServiceDrain(delay: .milliseconds(200))
        let server = FlagAtShutdown(drain: drain)
        let group = ServiceGroup(configuration: .init(services: [server, drain], logger: Logger(label: "drain")))
        let running = Task { try await group.run() }
        await group.triggerGracefulShutdown()
        try await running.value
        XCTAssertEqual(server.sawDraining.withLock { $0 }, true, "the listener stops after /readyz has said 503")
    }

    func test_address_defaultsPerService_offTurnsItOff_andIPv6IsBracketed() throws {
        XCTAssertEqual(ServiceEndpoints.httpAddress("loyalty", ServiceEnvironment([:])), "127.0.0.1:9101")
        XCTAssertEqual(ServiceEndpoints.httpAddress("scheduler", ServiceEnvironment([:])), "127.0.0.1:9105")
        XCTAssertEqual(ServiceEndpoints.httpAddress("t-1234", ServiceEnvironment([:])), "off")
        XCTAssertEqual(
            ServiceEndpoints.httpAddress("code-inventory", ServiceEnvironment(["CODE_INVENTORY_HTTP_ADDRESS": "0.0.0.0:9200"])),
            "0.0.0.0:9200"
        )
        XCTAssertEqual(HostPort(parsing: "[::]:9101"), HostPort(host: "::", port: 9101))
        XCTAssertEqual(HostPort(parsing: "0.0.0.0:0"), HostPort(host: "0.0.0.0", port: 0))
        for bad in ["9101", ":9101", "host:", "host:70000", "[::1]x:80"] { XCTAssertNil(HostPort(parsing: bad), bad) }
    }

    private struct Answer {
        var status: Int
        var contentType: String?
        var body: Data
    }

    private static func get(_ url: String) async throws -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return Answer(status: http?.statusCode ?? 0, contentType: http?.value(forHTTPHeaderField: "Content-Type"), body: data)
    }

    private static func checks(_ body: Data) -> [String: Bool] {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        return object?["checks"] as? [String: Bool] ?? [:]
    }

    private static func drop(_ runtime: ServiceRuntime) async {
        runtime.publisher.close()
        _ = try? await runtime.database.pool.execute("DROP SCHEMA IF EXISTS \(identifier: runtime.config.schema) CASCADE")
        await runtime.database.pool.close()
    }
}

/// Records, when told to stop, whether the drain flag was already set.
private final class FlagAtShutdown: Service, Sendable {
    let drain: ServiceDrain
    let sawDraining = Mutex<Bool?>(nil)

    init(drain: ServiceDrain) { self.drain = drain }

    func run() async throws {
        try? await gracefulShutdown()
        let draining = drain.isDraining
        sawDraining.withLock { $0 = draining }
    }
}
