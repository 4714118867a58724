import Foundation
import TestSupport
import XCTest

/// Stops and starts the throwaway Postgres of `make test` (`PG_SH`, `PG_TEST_DATA`, `PG_TEST_PORT`),
/// for tests of what happens while the database is away. Such tests skip without it.
struct TestPostgresControl {
    let script: PgScript
    let dataDirectory: String
    let port: String

    /// The cluster `make test` made, or a skip when the tests run against another database.
    static func fromEnvironment() throws -> TestPostgresControl {
        let environment = ProcessInfo.processInfo.environment
        guard let script = environment["PG_SH"], let data = environment["PG_TEST_DATA"], let port = environment["PG_TEST_PORT"] else {
            throw XCTSkip("needs the throwaway Postgres of make test (PG_SH, PG_TEST_DATA, PG_TEST_PORT)")
        }
        return TestPostgresControl(script: PgScript(path: script), dataDirectory: data, port: port)
    }

    func stop() throws { try script.run(["stop", dataDirectory]) }

    func start() throws { try script.run(["start", dataDirectory, port]) }
}
