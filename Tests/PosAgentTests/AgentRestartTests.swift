import Foundation
import TestSupport
import XCTest

@testable import PosAgent

/// The agent across a stop or a crash: the state file in EXCHANGE_DIR keeps a discount from being written twice.
final class AgentRestartTests: XCTestCase {
    func test_agent_confirmsAgainInsteadOfWritingAgain_afterRestartWithUndeliveredConfirmation() async throws {
        try await withAgent { first in
            first.stub.queueDiscount(id: "31", amount: 250, handOutEveryPoll: true)
            try await eventually("discount.txt with 250") { first.discountText == "250" }
            first.stub.setFailing(true)
            try await eventually("backend seen as down") { !first.state.backendReachable && first.stub.served503 >= 1 }
            try FileManager.default.removeItem(at: first.discountFile)
            try await eventually("applied, but the confirmation cannot be delivered") {
                first.runtime.confirmations.all == [.init(discountId: "31", outcome: .applied)]
            }
            try await first.stopAgent()
            XCTAssertEqual(first.stub.confirmations(of: "31"), [], "nothing reached the backend before the stop")
            XCTAssertEqual(first.logs.count(.error, containing: "undelivered confirmations"), 1)

            // The backend is back and hands discount 31 over again, as it does with one left `processing`.
            first.stub.setFailing(false)
            try await withAgent(stub: first.stub, directory: first.directory) { second in
                try await eventually("applied confirmed after the restart") {
                    second.stub.confirmations(of: "31").contains(.init(discountId: "31", status: "applied"))
                }
                let polls = second.stub.polls
                try await eventually("the backend hands discount 31 over a few more times") { second.stub.polls >= polls + 3 }
                try await eventually("the restarted agent recognises the repeat") { second.logs.count(.info, containing: "handed over again") >= 1 }
                XCTAssertEqual(second.state.discountsWritten, 0, "discount.txt is not written again")
                XCTAssertFalse(FileManager.default.fileExists(atPath: second.discountFile.path), "discount.txt is not written again")
                XCTAssertEqual(Set(second.stub.confirmations.map { "\($0.discountId)=\($0.status)" }), ["31=applied"])
            }
        }
    }

    func test_agent_confirmsApplied_forDiscountInProgressAtCrash_whenDiscountFileIsGone() async throws {
        try await withAgent(prepare: { directory in
            // What a crash right after the rename leaves; 1C consumed discount.txt while the agent was gone.
            try Data(#"{"version": 1, "outcomes": {}, "unconfirmed": [], "inProgress": {"id": "7", "amount": 250}}"#.utf8)
                .write(to: directory.appendingPathComponent(".pos-agent-state.json"))
        }) { agent in
            try await eventually("applied confirmation for 7") { agent.stub.confirmations(of: "7") == [.init(discountId: "7", status: "applied")] }
            try await eventually("nothing left to confirm") { agent.runtime.confirmations.count == 0 }
            XCTAssertEqual(agent.state.discountsWritten, 0)
            XCTAssertFalse(FileManager.default.fileExists(atPath: agent.discountFile.path), "no discount.txt was written")
            XCTAssertNil(try agent.stateFile.read().inProgress)
            XCTAssertEqual(try agent.stateFile.read().outcomes["7"]?.outcome, .applied)
        }
    }

    func test_agent_waitsFor1C_onYoungDiscountFromBeforeRestart_thenWritesTheNextOne() async throws {
        var intervals = AgentIntervals.fast
        intervals.consumeTimeout = .seconds(5)
        try await withAgent(
            intervals: intervals,
            prepare: { directory in
                try AgentStateFile(directory: directory).save(PersistedDiscountState(inProgress: DiscountInProgress(id: "8", amount: 300)))
                try DiscountFile(directory: directory).write(points: 300)
            }
        ) { agent in
            agent.stub.queueDiscount(id: "9", amount: 120)
            try await eventually("discount 9 waits behind the one from before the restart") { agent.runtime.ledger.queuedCount == 1 }
            XCTAssertEqual(agent.runtime.ledger.currentId, "8")
            XCTAssertEqual(agent.discountText, "300")
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("applied confirmation for 8") { agent.stub.confirmations(of: "8") == [.init(discountId: "8", status: "applied")] }
            try await eventually("discount 9 written next") { agent.discountText == "120" }
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("applied confirmation for 9") { agent.stub.confirmations(of: "9") == [.init(discountId: "9", status: "applied")] }
            XCTAssertEqual(agent.state.discountsWritten, 1)
        }
    }

    func test_agent_removesYoungDiscountFromBeforeRestart_andConfirmsFailed_when1CDoesNotConsumeIt() async throws {
        try await withAgent(prepare: { directory in
            try AgentStateFile(directory: directory).save(PersistedDiscountState(inProgress: DiscountInProgress(id: "11", amount: 70)))
            try DiscountFile(directory: directory).write(points: 70)
        }) { agent in
            try await eventually("failed confirmation for 11") { agent.stub.confirmations(of: "11") == [.init(discountId: "11", status: "failed")] }
            XCTAssertFalse(FileManager.default.fileExists(atPath: agent.discountFile.path), "the agent removed the unconsumed file")
            XCTAssertEqual(agent.state.discountsWritten, 0)
        }
    }

    func test_agent_writesNoDiscount_andConfirmsFailed_whenStateFileCannotBeWritten() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("pos-agent-missing-\(UUID().uuidString.prefix(8))")
        try await withAgent(stateFile: missing.appendingPathComponent("state.json")) { agent in
            agent.stub.queueDiscount(id: "40", amount: 50)
            try await eventually("failed confirmation for 40") { agent.stub.confirmations(of: "40") == [.init(discountId: "40", status: "failed")] }
            XCTAssertEqual(agent.state.discountsWritten, 0)
            XCTAssertFalse(FileManager.default.fileExists(atPath: agent.discountFile.path))
            XCTAssertEqual(agent.logs.count(.error, containing: "cannot record the discount"), 1)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: agent.directory.path), [], "no temporary file left behind")
        }
    }
}
