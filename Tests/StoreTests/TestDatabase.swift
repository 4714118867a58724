import Foundation
import Logging
import Store
import TestSupport
import XCTest

/// Where the tests find Postgres, and helpers that give each test its own schema.
enum TestDatabase {
    static var url: String {
        ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    }

    static let logger: Logger = {
        var logger = Logger(label: "store-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["STORE_TEST_LOG"] == "debug" ? .debug : .warning
        return logger
    }()

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
    }

    static func makePool(size: Int = 4, user: String? = nil, password: String? = nil) -> ConnectionPool {
        ConnectionPool(url: url, size: size, logger: logger, user: user, password: password)
    }

    /// Runs `body` with a pool and a fresh schema, and drops both afterwards, also when `body` throws.
    static func withSchema(poolSize: Int = 4, _ body: (ConnectionPool, String) async throws -> Void) async throws {
        try await ScratchSchema.run(url: url, prefix: "store_test", poolSize: poolSize, logger: logger, body)
    }
}

/// Asserts that `body` throws a `StoreError` and returns it.
func assertStoreError<T>(_ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async -> StoreError? {
    do {
        _ = try await body()
        XCTFail("expected a StoreError, but nothing was thrown", file: file, line: line)
    } catch let error as StoreError {
        return error
    } catch {
        XCTFail("expected a StoreError, got \(error)", file: file, line: line)
    }
    return nil
}

/// Lets concurrent tasks meet at one point, so that overlapping transactions overlap for sure.
actor Barrier {
    private let parties: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(parties: Int) {
        self.parties = parties
    }

    func arrive() async {
        arrived += 1
        if arrived >= parties {
            waiting.forEach { $0.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

/// A counter shared between tasks.
actor Counter {
    private(set) var value = 0

    @discardableResult
    func increment() -> Int {
        value += 1
        return value
    }
}

/// A gate tasks wait at until it is opened.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        waiting.forEach { $0.resume() }
        waiting = []
    }
}
