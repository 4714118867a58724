import Foundation
import XCTest

@testable import PosAgent

/// The state file: format, atomic replacement, a corrupt file, and the store that keeps it in step.
final class AgentStateFileTests: XCTestCase {
    private var directory: URL!
    private let decided = Date(timeIntervalSince1970: 1_767_225_600.125)

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pos-agent-state-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func store(_ logs: LogRecorder = LogRecorder()) -> (DiscountStateStore, DiscountLedger, ConfirmationQueue) {
        let ledger = DiscountLedger()
        let confirmations = ConfirmationQueue()
        return (
            DiscountStateStore(
                file: AgentStateFile(directory: directory),
                ledger: ledger,
                confirmations: confirmations,
                logger: logs.logger()
            ), ledger, confirmations
        )
    }

    func test_stateFile_roundTripsOutcomesUnsentConfirmationsAndDiscountInProgress() throws {
        let file = AgentStateFile(directory: directory)
        let state = PersistedDiscountState(
            outcomes: ["17": DecidedOutcome(.applied, decidedAt: decided), "18": DecidedOutcome(.failed, decidedAt: decided.addingTimeInterval(5))],
            unconfirmed: [.init(discountId: "18", outcome: .failed), .init(discountId: "17", outcome: .applied)],
            inProgress: DiscountInProgress(id: "19", amount: 250, temporaryFile: ".discount.txt.X.tmp")
        )
        try file.save(state)
        XCTAssertEqual(try file.read(), state)
        XCTAssertEqual(file.url.lastPathComponent, ".pos-agent-state.json")
    }

    func test_stateFile_missingFile_isEmptyState() throws {
        XCTAssertEqual(try AgentStateFile(directory: directory).read(), .empty)
    }

    func test_stateFile_save_replacesPreviousStateAtomically_leavingNoTemporaryFiles() throws {
        let file = AgentStateFile(directory: directory)
        try file.save(PersistedDiscountState(unconfirmed: [.init(discountId: "1", outcome: .applied)]))
        try file.save(PersistedDiscountState(outcomes: ["1": DecidedOutcome(.applied, decidedAt: decided)]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [".pos-agent-state.json"])
        XCTAssertEqual(try file.read().unconfirmed, [])
        XCTAssertEqual(try file.read().outcomes.keys.sorted(), ["1"])
    }

    func test_stateFile_removesTemporaryFilesLeftByACrash_butNotOtherFiles() throws {
        let file = AgentStateFile(directory: directory)
        try file.save(.empty)
        try Data("{".utf8).write(to: directory.appendingPathComponent(".pos-agent-state.json.1234.tmp"))
        try Data("5".utf8).write(to: directory.appendingPathComponent("discount.txt"))
        XCTAssertEqual(file.removeTemporaryLeftovers(), 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), [".pos-agent-state.json", "discount.txt"])
    }

    func test_stateFile_corruptFile_loadsEmptyState_andLogsAnErrorNamingTheFile() throws {
        let file = AgentStateFile(directory: directory)
        for garbage in ["{\"version\": 1, \"outcomes\": {", "not json", #"{"version": 99, "outcomes": {}, "unconfirmed": []}"#] {
            try Data(garbage.utf8).write(to: file.url)
            let logs = LogRecorder()
            XCTAssertEqual(file.load(logger: logs.logger()), .empty, garbage)
            XCTAssertEqual(logs.count(.error, containing: file.url.path), 1, garbage)
        }
    }

    func test_store_startsEmpty_andOverwritesCorruptFile_whenRestored() throws {
        try Data("garbage".utf8).write(to: AgentStateFile(directory: directory).url)
        let logs = LogRecorder()
        let (store, ledger, confirmations) = store(logs)
        XCTAssertNil(store.restore())
        XCTAssertEqual(logs.count(.error, containing: "state file"), 1)
        XCTAssertEqual(confirmations.count, 0)
        store.decide("5", .applied)
        XCTAssertEqual(ledger.outcome(of: "5"), .applied)
        XCTAssertEqual(try store.file.read().outcomes["5"]?.outcome, .applied)
    }

    func test_store_savesEveryDecision_andEveryDeliveredConfirmation() throws {
        let (store, _, _) = store()
        try store.recordInProgress(DiscountInProgress(id: "30", amount: 100, temporaryFile: ".discount.txt.A.tmp"), now: decided)
        XCTAssertEqual(try store.file.read().inProgress?.id, "30", "recorded before discount.txt appears")

        store.decide("30", .applied, now: decided)
        var saved = try store.file.read()
        XCTAssertEqual(saved.outcomes, ["30": DecidedOutcome(.applied, decidedAt: decided)])
        XCTAssertEqual(saved.unconfirmed, [.init(discountId: "30", outcome: .applied)])
        XCTAssertNil(saved.inProgress, "decided: no longer in progress")

        store.settle("30", now: decided)
        saved = try store.file.read()
        XCTAssertEqual(saved.unconfirmed, [])
        XCTAssertEqual(saved.outcomes["30"]?.outcome, .applied, "the outcome is still remembered for a repeat")

        store.confirmAgain("30", .applied, now: decided)
        XCTAssertEqual(try store.file.read().unconfirmed, [.init(discountId: "30", outcome: .applied)])
    }

    func test_store_forgetsOutcomesOlderThan24Hours_whenSaving() throws {
        let (store, ledger, _) = store()
        store.decide("old", .applied, now: decided)
        store.decide("recent", .failed, now: decided.addingTimeInterval(2 * 3600))
        store.save(now: decided.addingTimeInterval(25 * 3600))
        let saved = try store.file.read()
        XCTAssertEqual(Array(saved.outcomes.keys), ["recent"])
        XCTAssertNil(ledger.outcome(of: "old"), "forgotten in memory too")
        XCTAssertEqual(ledger.outcome(of: "recent"), .failed)
        XCTAssertEqual(saved.unconfirmed.map(\.discountId), ["old", "recent"], "an undelivered confirmation is kept however old")
    }

    func test_store_restore_dropsOutcomesOlderThan24Hours_andRequeuesUnsentConfirmations() throws {
        try AgentStateFile(directory: directory).save(
            PersistedDiscountState(
                outcomes: [
                    "old": DecidedOutcome(.applied, decidedAt: decided), "new": DecidedOutcome(.applied, decidedAt: decided.addingTimeInterval(3600)),
                ],
                unconfirmed: [.init(discountId: "new", outcome: .applied)]
            )
        )
        let (store, ledger, confirmations) = store()
        XCTAssertNil(store.restore(now: decided.addingTimeInterval(24 * 3600 + 60)))
        XCTAssertNil(ledger.outcome(of: "old"))
        XCTAssertEqual(ledger.admit(PendingDiscount(id: "new", storeId: 1, amount: 5)), .alreadyDone(.applied))
        XCTAssertEqual(confirmations.all, [.init(discountId: "new", outcome: .applied)])
    }

    func test_store_refusesToRecordDiscountInProgress_whenTheFileCannotBeWritten() {
        let ledger = DiscountLedger()
        let logs = LogRecorder()
        let store = DiscountStateStore(
            file: AgentStateFile(url: directory.appendingPathComponent("missing/state.json")),
            ledger: ledger,
            confirmations: ConfirmationQueue(),
            logger: logs.logger()
        )
        XCTAssertThrowsError(try store.recordInProgress(DiscountInProgress(id: "1", amount: 5)))
        XCTAssertNil(store.discountInProgress)
        store.decide("1", .failed)
        XCTAssertEqual(ledger.outcome(of: "1"), .failed, "kept in memory when it cannot be saved")
        XCTAssertEqual(logs.count(.error, containing: "cannot save the state file"), 1)
    }
}
