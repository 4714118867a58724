import Foundation
import XCTest

@testable import PosAgent

/// Reading `amount.json` into the shared state, and the one critical alert per 50 bad reads.
final class AmountWatcherTests: XCTestCase {
    private var directory: URL!
    private var logs: LogRecorder!
    private var state: AgentState!
    private var watcher: AmountWatcher!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pos-agent-amount-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logs = LogRecorder()
        state = AgentState()
        watcher = AmountWatcher(file: AmountFile(directory: directory), state: state, intervals: AgentIntervals(), logger: logs.logger())
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent("amount.json"))
    }

    func test_amountWatcher_missingFileClearsAmountWithoutError() throws {
        try write(#"{"amount": 10}"#)
        watcher.poll()
        XCTAssertEqual(state.amount.kopecks, Kopecks(1000))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("amount.json"))
        watcher.poll()
        XCTAssertNil(state.amount.kopecks)
        XCTAssertNil(state.amount.updatedAt)
        XCTAssertEqual(state.consecutiveAmountErrors, 0)
    }

    func test_amountWatcher_keepsLastAmountOnBadRead_andCountsErrors() throws {
        try write(#"{"amount": 10}"#)
        watcher.poll()
        try write(#"{"amount": 10"#)
        watcher.poll()
        watcher.poll()
        XCTAssertEqual(state.amount.kopecks, Kopecks(1000))
        XCTAssertEqual(state.consecutiveAmountErrors, 2)
        XCTAssertEqual(logs.count(.warning), 1, "a streak is announced once, not per read")
        try write(#"{"amount": 11}"#)
        watcher.poll()
        XCTAssertEqual(state.consecutiveAmountErrors, 0)
        XCTAssertEqual(state.amount.kopecks, Kopecks(1100))
    }

    func test_amountWatcher_raisesExactlyOneCriticalAlert_after50GarbageReads() throws {
        try write("garbage")
        for _ in 0..<49 { watcher.poll() }
        XCTAssertEqual(logs.count(.critical), 0)
        watcher.poll()
        XCTAssertEqual(logs.count(.critical), 1)
        XCTAssertEqual(state.consecutiveAmountErrors, 0, "the counter starts again after the alert")
        for _ in 0..<49 { watcher.poll() }
        XCTAssertEqual(logs.count(.critical), 1)
        watcher.poll()
        XCTAssertEqual(logs.count(.critical), 2, "the next 50 errors raise the next alert")
        XCTAssertEqual(state.amountAlerts, 2)
    }

    func test_amountWatcher_alertSaysWhatToCheck() throws {
        try write("garbage")
        for _ in 0..<50 { watcher.poll() }
        let alert = try XCTUnwrap(logs.messages(.critical).first)
        for hint in ["corrupted", #"{"amount": 123.45}"#, "antivirus", "EXCHANGE_DIR=\(directory.path)"] {
            XCTAssertTrue(alert.contains(hint), "alert lacks \(hint): \(alert)")
        }
    }

    func test_amountWatcher_successResetsTheStreak_soNoAlertFor50ScatteredErrors() throws {
        for _ in 0..<5 {
            try write("garbage")
            for _ in 0..<20 { watcher.poll() }
            try write(#"{"amount": 1}"#)
            watcher.poll()
        }
        XCTAssertEqual(logs.count(.critical), 0)
    }

    func test_amountWatcher_updatedAtChangesOnlyWithTheAmount() throws {
        try write(#"{"amount": 1}"#)
        let first = Date(timeIntervalSince1970: 1_000)
        watcher.poll(now: first)
        watcher.poll(now: first.addingTimeInterval(5))
        XCTAssertEqual(state.amount.updatedAt, first)
        try write(#"{"amount": 2}"#)
        watcher.poll(now: first.addingTimeInterval(9))
        XCTAssertEqual(state.amount.updatedAt, first.addingTimeInterval(9))
    }
}
