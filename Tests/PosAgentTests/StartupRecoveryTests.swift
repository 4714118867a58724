import Foundation
import XCTest

@testable import PosAgent

/// `AgentRuntime.recoverAtStart`: what the state file and the exchange directory say about a discount a previous
/// run left in progress.
final class StartupRecoveryTests: XCTestCase {
    private var directory: URL!
    private var client: BackendClient!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pos-agent-start-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        client = BackendClient(baseURL: "http://127.0.0.1:9", apiKey: "k", timeout: .seconds(1))
    }

    override func tearDown() async throws {
        try await client.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    private func runtime(_ logs: LogRecorder) -> AgentRuntime {
        AgentRuntime(
            config: AgentConfig(storeId: 1, backendURL: "http://127.0.0.1:9", apiKey: "k", exchangeDirectory: directory),
            backend: client,
            logger: logs.logger()
        )
    }

    private func leaveInProgress(_ discount: DiscountInProgress) throws {
        try AgentStateFile(directory: directory).save(PersistedDiscountState(inProgress: discount))
    }

    private var discountFile: DiscountFile { DiscountFile(directory: directory) }

    func test_recovery_confirmsApplied_whenDiscountInProgressIsGone() throws {
        try leaveInProgress(DiscountInProgress(id: "7", amount: 250))
        let runtime = runtime(LogRecorder())
        runtime.recoverAtStart()
        XCTAssertEqual(runtime.confirmations.all, [.init(discountId: "7", outcome: .applied)])
        XCTAssertEqual(runtime.ledger.outcome(of: "7"), .applied)
        let saved = try runtime.store.file.read()
        XCTAssertNil(saved.inProgress)
        XCTAssertEqual(saved.unconfirmed, [.init(discountId: "7", outcome: .applied)])
    }

    func test_recovery_removesOldDiscountInProgress_andConfirmsFailed() throws {
        try leaveInProgress(DiscountInProgress(id: "8", amount: 100))
        try discountFile.write(points: 100)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-120)], ofItemAtPath: discountFile.url.path)
        let runtime = runtime(LogRecorder())
        runtime.recoverAtStart()
        XCTAssertFalse(discountFile.exists)
        XCTAssertEqual(runtime.confirmations.all, [.init(discountId: "8", outcome: .failed)])
        XCTAssertNil(try runtime.store.file.read().inProgress)
    }

    func test_recovery_handsYoungDiscountInProgressToTheWorker_withoutDecidingIt() throws {
        try leaveInProgress(DiscountInProgress(id: "9", amount: 300))
        try discountFile.write(points: 300)
        let runtime = runtime(LogRecorder())
        runtime.recoverAtStart()
        XCTAssertTrue(discountFile.exists, "1C may still consume it")
        XCTAssertEqual(runtime.ledger.currentId, "9")
        XCTAssertEqual(runtime.ledger.admit(PendingDiscount(id: "9", storeId: 1, amount: 300)), .duplicate)
        XCTAssertEqual(runtime.ledger.takeResumed()?.amount, 300)
        XCTAssertEqual(runtime.confirmations.count, 0)
        XCTAssertEqual(try runtime.store.file.read().inProgress?.id, "9", "still in progress until the worker decides")
    }

    func test_recovery_confirmsFailed_whenThePreparedFileWasNeverRenamed() throws {
        let temporary = try discountFile.prepare(points: 40)
        try leaveInProgress(DiscountInProgress(id: "10", amount: 40, temporaryFile: temporary.lastPathComponent))
        let runtime = runtime(LogRecorder())
        runtime.recoverAtStart()
        XCTAssertEqual(runtime.confirmations.all, [.init(discountId: "10", outcome: .failed)])
        XCTAssertFalse(discountFile.exists)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [".pos-agent-state.json"])
    }

    func test_recovery_keepsUnknownYoungDiscountFile_unconfirmed() throws {
        try discountFile.write(points: 5)
        let logs = LogRecorder()
        let runtime = runtime(logs)
        runtime.recoverAtStart()
        XCTAssertTrue(discountFile.exists)
        XCTAssertNil(runtime.ledger.currentId)
        XCTAssertEqual(runtime.confirmations.count, 0)
        XCTAssertEqual(logs.count(.notice, containing: "left alone"), 1)
    }

    func test_discountFile_prepareShowsNothingTo1C_untilCommitted() throws {
        let temporary = try discountFile.prepare(points: 250)
        XCTAssertFalse(discountFile.exists)
        try discountFile.commit(temporary)
        XCTAssertEqual(String(decoding: try Data(contentsOf: discountFile.url), as: UTF8.self), "250")
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary.path))
    }
}
