import Foundation
import XCTest

@testable import CodeInventory

/// How a reserve batch deals the never-reserved codes it read to its shares (pure).
final class FreshTakeTests: XCTestCase {
    private let a = UUID(), b = UUID(), c = UUID()

    private func codes(_ seqs: [Int64]) -> [(code: String, seq: Int64)] {
        seqs.map { ("C-\($0)", $0) }
    }

    func test_deal_givesEachShareTheNextCodesInOrder_andItsSeqRange() {
        let take = FreshTake(
            codes: codes([5, 6, 7, 9, 10, 11]),
            shares: [
                ReserveShare(reserveId: a, count: 2), ReserveShare(reserveId: b, count: 3),
            ]
        )
        XCTAssertEqual(take.codes, [a: ["C-5", "C-6"], b: ["C-7", "C-9", "C-10"]])
        XCTAssertEqual(
            take.ranges,
            [a: .init(first: 5, last: 6), b: .init(first: 7, last: 10)],
            "a range spans the seqs passed over between its codes (codes that were not available)"
        )
        XCTAssertEqual(take.count, 5)
        XCTAssertEqual(take.lastSeq, 10, "the cursor stops at the last code dealt, not at the last one read")
    }

    func test_deal_whenCodesRunShort_completesTheFirstShares_andLeavesTheLastWithoutARange() {
        let take = FreshTake(
            codes: codes([1, 2, 3]),
            shares: [
                ReserveShare(reserveId: a, count: 2), ReserveShare(reserveId: b, count: 2), ReserveShare(reserveId: c, count: 1),
            ]
        )
        XCTAssertEqual(take.codes, [a: ["C-1", "C-2"], b: ["C-3"]])
        XCTAssertEqual(take.ranges, [a: .init(first: 1, last: 2), b: .init(first: 3, last: 3)])
        XCTAssertNil(take.ranges[c])
        XCTAssertEqual(take.count, 3)
        XCTAssertEqual(take.lastSeq, 3)
    }

    func test_deal_ofNothing_movesNoCursor() {
        let take = FreshTake(codes: [], shares: [ReserveShare(reserveId: a, count: 4)])
        XCTAssertEqual(take.codes, [:])
        XCTAssertEqual(take.ranges, [:])
        XCTAssertEqual(take.count, 0)
        XCTAssertNil(take.lastSeq)
    }
}
