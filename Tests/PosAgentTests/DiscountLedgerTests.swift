import XCTest

@testable import PosAgent

/// De-duplication of discounts the backend hands over more than once.
final class DiscountLedgerTests: XCTestCase {
    private func discount(_ id: String, _ amount: Int64 = 50) -> PendingDiscount { PendingDiscount(id: id, storeId: 1, amount: amount) }

    func test_ledger_queuesNewDiscountOnce() {
        let ledger = DiscountLedger()
        XCTAssertEqual(ledger.admit(discount("17")), .queued)
        XCTAssertEqual(ledger.admit(discount("17")), .duplicate)
        XCTAssertEqual(ledger.queuedCount, 1)
    }

    func test_ledger_treatsDiscountInProgressAsDuplicate() {
        let ledger = DiscountLedger()
        _ = ledger.admit(discount("17"))
        XCTAssertEqual(ledger.next()?.id, "17")
        XCTAssertEqual(ledger.currentId, "17")
        XCTAssertEqual(ledger.admit(discount("17")), .duplicate)
        XCTAssertEqual(ledger.queuedCount, 0)
    }

    func test_ledger_answersKnownOutcome_insteadOfQueueingAgain() {
        let ledger = DiscountLedger()
        _ = ledger.admit(discount("17"))
        _ = ledger.next()
        ledger.finish("17", .applied)
        XCTAssertEqual(ledger.admit(discount("17")), .alreadyDone(.applied))
        XCTAssertNil(ledger.currentId)
        XCTAssertNil(ledger.next())
    }

    func test_ledger_handsOutOneDiscountAtATime_inArrivalOrder() {
        let ledger = DiscountLedger()
        _ = ledger.admit(discount("1"))
        _ = ledger.admit(discount("2"))
        XCTAssertEqual(ledger.next()?.id, "1")
        XCTAssertNil(ledger.next(), "the second waits until the first is finished")
        ledger.finish("1", .failed)
        XCTAssertEqual(ledger.next()?.id, "2")
    }

    func test_ledger_forgetsOldestOutcomesBeyondItsMemory() {
        let ledger = DiscountLedger(memory: 2)
        for id in ["a", "b", "c"] {
            _ = ledger.admit(discount(id))
            _ = ledger.next()
            ledger.finish(id, .applied)
        }
        XCTAssertNil(ledger.outcome(of: "a"))
        XCTAssertEqual(ledger.outcome(of: "c"), .applied)
    }

    func test_ledger_abandonedDiscountIsNeitherQueuedNorDone() {
        let ledger = DiscountLedger()
        _ = ledger.admit(discount("9"))
        _ = ledger.next()
        ledger.abandon("9")
        XCTAssertNil(ledger.currentId)
        XCTAssertNil(ledger.outcome(of: "9"))
    }

    func test_confirmationQueue_keepsOneConfirmationPerDiscount() {
        let queue = ConfirmationQueue()
        queue.add("17", .applied)
        queue.add("17", .applied)
        queue.add("18", .failed)
        XCTAssertEqual(queue.all.map(\.discountId), ["17", "18"])
        queue.remove("17")
        XCTAssertEqual(queue.count, 1)
    }

    func test_backoff_startsAtIntervalDoublesAndCaps() {
        var backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(10))
        XCTAssertEqual(
            (0..<7).map { _ in backoff.next() },
            [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)]
        )
        backoff.reset()
        XCTAssertEqual(backoff.next(), .milliseconds(500))
    }
}
