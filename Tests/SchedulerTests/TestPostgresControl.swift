import Foundation
import XCTest

/// Stops and starts the throwaway Postgres of `make test` (`PG_SH`, `PG_TEST_DATA`, `PG_TEST_PORT`),
/// for tests of what happens while the database is away. Such tests skip without it.
struct TestPostgresControl {
    let script: String
    let dataDirectory: String
    let port: String

    /// The cluster `make test` made, or a skip when the tests run against another database.
    static func fromEnvironment() throws -> TestPostgresControl {
        let environment = ProcessInfo.processInfo.environment
        guard let script = environment["PG_SH"], let data = environment["PG_TEST_DATA"], let port = environment["PG_TEST_PORT"] else {
            throw XCTSkip("needs the throwaway Postgres of make test (PG_SH, PG_TEST_DATA, PG_TEST_PORT)")
        }
        return TestPostgresControl(script: script, dataDirectory: data, port: port)
    }

    func stop() throws { try run(["stop", dataDirectory]) }

    func start() throws { try run(["start", dataDirectory, port]) }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "postgres", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(script) \(arguments.joined(separator: " ")) failed"])
        }
    }
}
