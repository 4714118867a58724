import Foundation
import XCTest

@testable import PosAgent

/// `discount.txt`: exact bytes, atomic replacement, orphan rules.
final class DiscountFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pos-agent-file-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func test_discountFile_containsBareIntegerBytes() throws {
        let file = DiscountFile(directory: directory)
        try file.write(points: 250)
        XCTAssertEqual(Array(try Data(contentsOf: file.url)), [0x32, 0x35, 0x30])
    }

    func test_discountFile_leavesNoTemporaryFileBehind() throws {
        let file = DiscountFile(directory: directory)
        try file.write(points: 7)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["discount.txt"])
    }

    func test_discountFile_writeFailsWithoutTouchingAnExistingFile() throws {
        // The agent never overwrites a discount 1C has not consumed: the rename refuses an existing target.
        let file = DiscountFile(directory: directory)
        try Data("999".utf8).write(to: file.url)
        XCTAssertThrowsError(try file.write(points: 250))
        XCTAssertEqual(String(decoding: try Data(contentsOf: file.url), as: UTF8.self), "999")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["discount.txt"])
    }

    func test_discountFile_removeReportsWhether1CWasFirst() throws {
        let file = DiscountFile(directory: directory)
        try file.write(points: 1)
        XCTAssertTrue(try file.remove())
        XCTAssertFalse(try file.remove())
        XCTAssertFalse(file.exists)
    }

    func test_orphanCleanup_removesOldFile() throws {
        let file = DiscountFile(directory: directory)
        try file.write(points: 100)
        let check = try file.removeIfOrphaned(maxAge: .seconds(60), now: Date().addingTimeInterval(61))
        guard case .removed(let age) = check else { return XCTFail("expected removal, got \(check)") }
        XCTAssertGreaterThanOrEqual(age, 60)
        XCTAssertFalse(file.exists)
    }

    func test_orphanCleanup_keepsYoungFile() throws {
        let file = DiscountFile(directory: directory)
        try file.write(points: 100)
        guard case .kept = try file.removeIfOrphaned(maxAge: .seconds(60), now: Date().addingTimeInterval(30)) else { return XCTFail() }
        XCTAssertTrue(file.exists)
    }

    func test_startup_removesTemporaryFilesLeftByACrash_butNotOtherFiles() throws {
        let file = DiscountFile(directory: directory)
        try Data("5".utf8).write(to: directory.appendingPathComponent(".discount.txt.1234.tmp"))
        try Data("{}".utf8).write(to: directory.appendingPathComponent("amount.json"))
        XCTAssertEqual(file.removeTemporaryLeftovers(), 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["amount.json"])
    }

    func test_orphanCleanup_doesNothingWithoutFile() throws {
        XCTAssertEqual(try DiscountFile(directory: directory).removeIfOrphaned(maxAge: .seconds(60)), .none)
    }

    func test_runtime_removesOrphanAtStart_butKeepsYoungOne() async throws {
        let file = DiscountFile(directory: directory)
        try file.write(points: 5)
        let old = Date().addingTimeInterval(-120)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: file.url.path)
        let logs = LogRecorder()
        let client = BackendClient(baseURL: "http://127.0.0.1:9", apiKey: "k", timeout: .seconds(1))
        let runtime = AgentRuntime(
            config: AgentConfig(storeId: 1, backendURL: "http://127.0.0.1:9", apiKey: "k", exchangeDirectory: directory),
            backend: client,
            logger: logs.logger()
        )
        runtime.recoverAtStart()
        XCTAssertFalse(file.exists)
        XCTAssertEqual(logs.count(.warning, containing: "orphaned"), 1)

        try file.write(points: 6)
        runtime.recoverAtStart()
        XCTAssertTrue(file.exists)
        XCTAssertEqual(logs.count(.notice, containing: "left alone"), 1)
        try await client.shutdown()
    }

    func test_amountFile_missingFileMeansNoReceipt() throws {
        XCTAssertEqual(try AmountFile(directory: directory).read(), .absent)
    }

    func test_amountFile_readsBOMFileWrittenByWindows() throws {
        let file = AmountFile(directory: directory)
        try Data([0xEF, 0xBB, 0xBF] + Array(#"{"amount": "1234.50"}"#.utf8)).write(to: file.url)
        XCTAssertEqual(try file.read(), .amount(Kopecks(123_450)))
    }
}
