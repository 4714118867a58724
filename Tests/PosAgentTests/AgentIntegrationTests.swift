import Foundation
import TestSupport
import XCTest

@testable import PosAgent

/// The real agent against a stub backend over HTTP; the test plays 1C in a temporary EXCHANGE_DIR.
final class AgentIntegrationTests: XCTestCase {
    func test_agent_postsPrecheckWithExactAmount_whenAmountFileChanges() async throws {
        try await withAgent { agent in
            try agent.writeAmount(#"{"amount": 1234.5, "receipt": 42}"#)
            try await eventually("precheck 1234.50") { agent.stub.prechecks.contains(.init(storeId: 1, amount: "1234.50")) }
            try agent.writeAmount(#"{"amount": "99.99"}"#)
            try await eventually("precheck 99.99") { agent.stub.prechecks.contains(.init(storeId: 1, amount: "99.99")) }
            XCTAssertEqual(agent.stub.wrongKey, 0)
        }
    }

    func test_agent_repostsUnchangedAmount_everyRefreshInterval() async throws {
        var intervals = AgentIntervals.fast
        intervals.precheckRefresh = .milliseconds(100)
        try await withAgent(intervals: intervals) { agent in
            try agent.writeAmount(#"{"amount": 5}"#)
            try await eventually("three prechecks of the same amount") { agent.stub.prechecks.filter { $0.amount == "5.00" }.count >= 3 }
        }
    }

    func test_agent_postsNoPrecheck_whenNoReceiptIsOpen() async throws {
        try await withAgent { agent in
            try await eventually("a few discount polls") { agent.stub.polls >= 5 }
            XCTAssertEqual(agent.stub.prechecks, [])
            XCTAssertEqual(agent.stub.clears, [], "nothing posted, nothing to clear")
        }
    }

    func test_agent_clearsPrecheck_whenAmountFileDisappearsOrReadsZero() async throws {
        try await withAgent { agent in
            try agent.writeAmount(#"{"amount": 5}"#)
            try await eventually("precheck 5.00") { agent.stub.prechecks.count == 1 }
            try FileManager.default.removeItem(at: agent.amountFile)
            try await eventually("cleared when amount.json is gone") { agent.stub.clears == [1] }
            try agent.writeAmount(#"{"amount": 7}"#)
            try await eventually("precheck 7.00") { agent.stub.prechecks.count == 2 }
            try agent.writeAmount(#"{"amount": 0}"#)
            try await eventually("cleared when amount.json reads 0") { agent.stub.clears.count == 2 }
            let polls = agent.stub.polls
            try await eventually("some more polls") { agent.stub.polls >= polls + 3 }
            XCTAssertEqual(agent.stub.precheckCalls, ["post 5.00", "clear", "post 7.00", "clear"], "one clear per closed receipt")
        }
    }

    func test_agent_clearsPrecheck_afterBackendRecovers() async throws {
        try await withAgent { agent in
            try agent.writeAmount(#"{"amount": 9}"#)
            try await eventually("precheck 9.00") { agent.stub.prechecks.count == 1 }
            agent.stub.setFailing(true)
            try FileManager.default.removeItem(at: agent.amountFile)
            let served = agent.stub.served503
            try await eventually("the backend answers 503 for a while") { agent.stub.served503 >= served + 3 }
            XCTAssertEqual(agent.stub.clears, [])
            agent.stub.setFailing(false)
            try await eventually("cleared after recovery") { agent.stub.clears == [1] }
        }
    }

    func test_agent_writesDiscountFile_andConfirmsApplied_when1CConsumesIt() async throws {
        try await withAgent { agent in
            agent.stub.queueDiscount(id: "17", amount: 250)
            try await eventually("discount.txt with 250") { agent.discountText == "250" }
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("applied confirmation") { agent.stub.confirmations(of: "17") == [.init(discountId: "17", status: "applied")] }
            try await eventually("nothing left to confirm") { agent.runtime.confirmations.count == 0 }
        }
    }

    func test_agent_removesUnconsumedDiscount_andConfirmsFailed_afterTimeout() async throws {
        try await withAgent { agent in
            agent.stub.queueDiscount(id: "18", amount: 100, idAsNumber: true)
            try await eventually("discount.txt with 100") { agent.discountText == "100" }
            try await eventually("failed confirmation") { agent.stub.confirmations(of: "18") == [.init(discountId: "18", status: "failed")] }
            XCTAssertFalse(FileManager.default.fileExists(atPath: agent.discountFile.path), "the agent removed the unconsumed file")
        }
    }

    func test_agent_appliesQueuedDiscountsOneAtATime() async throws {
        try await withAgent { agent in
            agent.stub.queueDiscount(id: "1", amount: 10)
            agent.stub.queueDiscount(id: "2", amount: 20)
            try await eventually("first discount written") { agent.discountText == "10" }
            try await eventually("second one waits in the queue") { agent.runtime.ledger.queuedCount == 1 }
            XCTAssertEqual(agent.discountText, "10")
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("second discount written") { agent.discountText == "20" }
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("both applied") {
                Set(agent.stub.confirmations.map(\.discountId)) == ["1", "2"] && agent.stub.confirmations.allSatisfy { $0.status == "applied" }
            }
        }
    }

    func test_agent_writesDiscountOnce_whenBackendHandsItOverAgain() async throws {
        try await withAgent { agent in
            agent.stub.queueDiscount(id: "19", amount: 250, handOutEveryPoll: true)
            try await eventually("discount.txt with 250") { agent.discountText == "250" }
            let polls = agent.stub.polls
            try await eventually("more polls handing the same discount over") { agent.stub.polls >= polls + 3 }
            XCTAssertEqual(agent.state.discountsWritten, 1)
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("the confirmation is re-sent for the repeat") { agent.stub.confirmations(of: "19").count >= 2 }
            XCTAssertTrue(agent.stub.confirmations(of: "19").allSatisfy { $0.status == "applied" })
            XCTAssertFalse(FileManager.default.fileExists(atPath: agent.discountFile.path), "never written a second time")
            XCTAssertEqual(agent.state.discountsWritten, 1)
        }
    }

    func test_agent_waitsForYoungLeftoverFile_beforeWritingTheNextDiscount() async throws {
        try await withAgent(prepare: { directory in
            try Data("999".utf8).write(to: directory.appendingPathComponent("discount.txt"))
        }) { agent in
            agent.stub.queueDiscount(id: "22", amount: 250)
            try await eventually("the discount is taken from the queue") { agent.runtime.ledger.currentId == "22" }
            let polls = agent.stub.polls
            try await eventually("some more polls") { agent.stub.polls >= polls + 3 }
            XCTAssertEqual(agent.discountText, "999", "a discount 1C has not consumed is never overwritten")
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("the queued discount is written next") { agent.discountText == "250" }
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("applied confirmation") { agent.stub.confirmations.map(\.discountId) == ["22"] }
        }
    }

    func test_agent_keepsGoingWhileBackendAnswers503_andConfirmsAfterRecovery() async throws {
        try await withAgent { agent in
            agent.stub.queueDiscount(id: "20", amount: 75)
            try await eventually("discount.txt with 75") { agent.discountText == "75" }
            agent.stub.setFailing(true)
            try await eventually("backend seen as down") { !agent.state.backendReachable && agent.stub.served503 >= 3 }
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("the outcome waits for the backend") {
                agent.runtime.confirmations.all == [.init(discountId: "20", outcome: .applied)] && agent.runtime.ledger.currentId == nil
            }
            let served = agent.stub.served503
            try await eventually("retries go on") { agent.stub.served503 >= served + 3 }
            try agent.writeAmount(#"{"amount": 12.30}"#)
            XCTAssertEqual(agent.logs.count(.error, containing: "backend is down"), 1, "the outage is logged once")
            agent.stub.setFailing(false)
            try await eventually("confirmation after recovery") { agent.stub.confirmations(of: "20") == [.init(discountId: "20", status: "applied")] }
            try await eventually("precheck after recovery") { agent.stub.prechecks.contains(.init(storeId: 1, amount: "12.30")) }
            try await eventually("backend seen as up") { agent.state.backendReachable }
            XCTAssertEqual(agent.logs.count(.error, containing: "backend is down"), 1)
            XCTAssertEqual(agent.logs.count(.notice, containing: "reachable again"), 1)
        }
    }

    func test_agent_deliversConfirmation_afterStoppedBackendComesBack() async throws {
        try await withAgent { agent in
            agent.stub.queueDiscount(id: "21", amount: 30)
            try await eventually("discount.txt with 30") { agent.discountText == "30" }
            let port = agent.stub.port
            await agent.stub.stop()
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("backend seen as unreachable") {
                agent.state.backendReachable == false && (agent.state.lastBackendError.message ?? "").contains("unreachable")
            }
            try await eventually("the agent still reads amount.json") {
                try agent.writeAmount(#"{"amount": 1}"#)
                return agent.state.amount.kopecks == Kopecks(100)
            }
            try await agent.stub.start(port: port)
            try await eventually("confirmation after restart") { agent.stub.confirmations(of: "21") == [.init(discountId: "21", status: "applied")] }
        }
    }

    func test_agent_dropsConfirmationRefusedWith409() async throws {
        try await withAgent { agent in
            agent.stub.setConfirmStatus(.conflict)
            agent.stub.queueDiscount(id: "23", amount: 40)
            try await eventually("discount.txt with 40") { agent.discountText == "40" }
            try FileManager.default.removeItem(at: agent.discountFile)
            try await eventually("the refused confirmation is dropped") {
                agent.logs.count(.error, containing: "dropped") == 1 && agent.runtime.confirmations.count == 0
            }
            XCTAssertEqual(agent.stub.confirmations(of: "23").count, 1, "a 409 is not retried")
        }
    }

    func test_agent_raisesOneCriticalAlert_whenAmountFileStaysGarbage() async throws {
        var intervals = AgentIntervals.fast
        intervals.amountPoll = .milliseconds(2)
        try await withAgent(intervals: intervals) { agent in
            try agent.writeAmount("not json at all")
            try await eventually("an alert") { agent.state.amountAlerts >= 1 }
            try agent.writeAmount(#"{"amount": 3}"#)
            try await eventually("amount read again") { agent.state.amount.kopecks == Kopecks(300) }
            XCTAssertEqual(agent.logs.count(.critical), agent.state.amountAlerts, "one critical line per alert")
            XCTAssertTrue(agent.logs.messages(.critical).allSatisfy { $0.contains("antivirus") })
        }
    }

    func test_agent_finishesDiscountInProgress_onGracefulShutdown() async throws {
        var intervals = AgentIntervals.fast
        intervals.consumeTimeout = .seconds(3)
        try await withAgent(intervals: intervals) { agent in
            agent.stub.queueDiscount(id: "24", amount: 60)
            try await eventually("discount.txt with 60") { agent.discountText == "60" }
            await agent.triggerShutdown()
            try FileManager.default.removeItem(at: agent.discountFile)
            try await agent.waitForExit()
            XCTAssertEqual(
                agent.stub.confirmations(of: "24"),
                [.init(discountId: "24", status: "applied")],
                "the outcome was confirmed before the agent stopped"
            )
        }
    }

    func test_agent_reportsRefusedApiKey_withoutMarkingBackendDown() async throws {
        try await withAgent(apiKey: "wrong-key") { agent in
            try await eventually("a refused poll") { agent.stub.wrongKey >= 1 && agent.state.lastBackendError.message != nil }
            XCTAssertTrue(agent.state.backendReachable)
            XCTAssertTrue(agent.state.lastBackendError.message?.contains("401") ?? false)
        }
    }
}
