import Foundation
import XCTest

@testable import PosAgent

/// Settings from the environment; every problem is reported.
final class AgentConfigTests: XCTestCase {
    private let directory = FileManager.default.temporaryDirectory.path

    private var valid: [String: String] {
        ["STORE_ID": "7", "BACKEND_URL": "http://127.0.0.1:8080/", "STORE_API_KEY": "secret", "EXCHANGE_DIR": directory]
    }

    func test_config_readsRequiredValuesAndDefaults() throws {
        let config = try AgentConfig(environment: valid)
        XCTAssertEqual(config.storeId, 7)
        XCTAssertEqual(config.storeName, "Store 7")
        XCTAssertEqual(config.backendURL, "http://127.0.0.1:8080")
        XCTAssertEqual(config.apiKey, "secret")
        XCTAssertEqual(config.port, 3333)
        XCTAssertEqual(config.intervals.amountPoll, .milliseconds(100))
        XCTAssertEqual(config.intervals.discountPoll, .milliseconds(500))
        XCTAssertEqual(config.intervals.consumeTimeout, .seconds(5))
        XCTAssertEqual(config.intervals.orphanAge, .seconds(60))
        XCTAssertEqual(config.intervals.precheckRefresh, .seconds(20))
        XCTAssertEqual(config.intervals.backoffMax, .seconds(10))
        XCTAssertEqual(AgentConfig.host, "127.0.0.1")
        XCTAssertEqual(config.stateFile.path, URL(fileURLWithPath: directory).appendingPathComponent(".pos-agent-state.json").path)
    }

    func test_config_readsStateFileOverride_andRequiresItsDirectory() throws {
        var env = valid
        env["STATE_FILE"] = directory + "/till-state.json"
        XCTAssertEqual(try AgentConfig(environment: env).stateFile.lastPathComponent, "till-state.json")
        for bad in ["/nonexistent/pos-agent/state.json", directory] {
            env["STATE_FILE"] = bad
            XCTAssertThrowsError(try AgentConfig(environment: env), bad) { XCTAssertTrue("\($0)".contains("STATE_FILE"), "\($0)") }
        }
    }

    func test_config_readsOptionalOverrides() throws {
        var env = valid
        env["STORE_NAME"] = "Магазин на Ленина"
        env["PORT"] = "4444"
        env["POLL_AMOUNT_MS"] = "10"
        env["POLL_DISCOUNTS_MS"] = "20"
        env["DISCOUNT_CONSUME_TIMEOUT_MS"] = "300"
        let config = try AgentConfig(environment: env)
        XCTAssertEqual(config.storeName, "Магазин на Ленина")
        XCTAssertEqual(config.port, 4444)
        XCTAssertEqual(config.intervals.amountPoll, .milliseconds(10))
        XCTAssertEqual(config.intervals.discountPoll, .milliseconds(20))
        XCTAssertEqual(config.intervals.consumeTimeout, .milliseconds(300))
    }

    func test_config_listsEveryMissingRequiredValue() {
        XCTAssertThrowsError(try AgentConfig(environment: [:])) { error in
            let message = "\(error)"
            for name in ["STORE_ID", "BACKEND_URL", "STORE_API_KEY", "EXCHANGE_DIR"] { XCTAssertTrue(message.contains(name), message) }
        }
    }

    func test_config_rejectsNonPositiveOrNonNumericStoreId() {
        for bad in ["0", "-3", "abc", "1.5"] {
            var env = valid
            env["STORE_ID"] = bad
            XCTAssertThrowsError(try AgentConfig(environment: env), bad) { XCTAssertTrue("\($0)".contains("STORE_ID")) }
        }
    }

    func test_config_rejectsBadURLPortDirectoryAndIntervals() {
        let cases: [(String, String)] = [
            ("BACKEND_URL", "127.0.0.1:8080"), ("BACKEND_URL", "ftp://host"), ("PORT", "0"),
            ("PORT", "70000"), ("EXCHANGE_DIR", "/nonexistent/pos-agent"), ("POLL_AMOUNT_MS", "0"),
        ]
        for (name, value) in cases {
            var env = valid
            env[name] = value
            XCTAssertThrowsError(try AgentConfig(environment: env), "\(name)=\(value)") { XCTAssertTrue("\($0)".contains(name), "\($0)") }
        }
    }
}
