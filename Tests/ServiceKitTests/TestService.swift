import Bus
import Contracts
import Foundation
import Logging
import TestSupport

@testable import ServiceKit

/// A real service runtime on its own schema, role and ipc endpoints, against the test Postgres.
struct TestService {
    let runtime: ServiceRuntime
    let client: RPCClient
    let name: String

    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"

    static func start(jobs: [Job] = [], register: @escaping @Sendable (ServiceRuntime) -> Void = { _ in }) async throws -> TestService {
        let name = uniqueName()
        let environment = environment(name: name)
        let config = ServiceConfig(name: name, environment: environment)
        let logger = Logger(label: name)
        let runtime = try ServiceRuntime(
            definition: ServiceDefinition(name: name, migrationsDirectory: nil, jobs: jobs, register: register),
            config: config,
            logger: logger
        )
        do {
            try await DatabaseBootstrap(
                config: config,
                database: runtime.database,
                serviceMigrations: [],
                logger: logger,
                retryInterval: .milliseconds(200),
                maxAttempts: 3
            ).run()
        } catch {
            await runtime.database.pool.close()
            throw error
        }
        runtime.server.start()
        let client = try RPCClient(service: name, urls: [config.rpcURL], logger: logger)
        return TestService(runtime: runtime, client: client, name: name)
    }

    /// `t-` and 8 random characters: a schema and role of its own.
    static func uniqueName() -> String { "t-" + UUID().uuidString.prefix(8).lowercased() }

    /// The test Postgres, ipc endpoints of its own, 4 connections.
    static func environment(name: String) -> ServiceEnvironment {
        let prefix = ServiceEndpoints.envPrefix(name)
        return ServiceEnvironment([
            "DATABASE_URL": databaseURL,
            "\(prefix)_RPC_URL": "ipc:///tmp/\(name)-rpc.ipc",
            "\(prefix)_EVENTS_URL": "ipc:///tmp/\(name)-events.ipc",
            "DB_POOL_SIZE": "4",
        ])
    }

    func stop() async {
        client.close()
        await runtime.server.stop()
        runtime.publisher.close()
        _ = try? await runtime.database.pool.execute("DROP SCHEMA IF EXISTS \(identifier: runtime.config.schema) CASCADE")
        await runtime.database.pool.close()
    }
}

/// Starts a test service, runs `body` with it and stops it (dropping its schema), also when `body` throws.
@discardableResult
func withTestService<Result>(
    jobs: [Job] = [],
    register: @escaping @Sendable (ServiceRuntime) -> Void = { _ in },
    _ body: (TestService) async throws -> Result
) async throws -> Result {
    try await withStarted(try await TestService.start(jobs: jobs, register: register), stop: { await $0.stop() }, body)
}

/// An `EventConsumer` of `publisher`'s events into `consumer`'s database, subscribed to all of
/// them and counting what its handler is given, for `body`; its subscriber is closed afterwards.
@discardableResult
func withCountingConsumer<Result>(
    of publisher: TestService,
    into consumer: TestService,
    topicPrefixes: [String]? = nil,
    _ body: (EventConsumer, Counter) async throws -> Result
) async throws -> Result {
    let handled = Counter()
    let subscriber = try Subscriber(urls: [publisher.runtime.config.eventsURL], topicPrefixes: [""], logger: Logger(label: "sub"))
    return try await withClosing(subscriber) { subscriber in
        let eventConsumer = EventConsumer(
            source: publisher.name,
            subscriber: subscriber,
            publisherClient: publisher.client,
            database: consumer.runtime.database,
            topicPrefixes: topicPrefixes,
            logger: Logger(label: "consumer")
        ) { _, _ in
            handled.increment()
        }
        return try await body(eventConsumer, handled)
    }
}
