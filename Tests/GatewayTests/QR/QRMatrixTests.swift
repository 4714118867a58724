import XCTest

@testable import Gateway

final class QRMatrixTests: XCTestCase {
    func test_formatBits_matchTheStandardsTable() {
        // ISO/IEC 18004 table C.1.
        XCTAssertEqual(QRMatrix.formatBits(level: .medium, mask: QRMask(0)!), 0b1010100_00010010)
        XCTAssertEqual(QRMatrix.formatBits(level: .low, mask: QRMask(4)!), 0b1100110_00101111)
        XCTAssertEqual(QRMatrix.formatBits(level: .high, mask: QRMask(7)!), 0b0001000_00111011)
    }

    func test_functionPatterns_finderTimingAndDarkModule() {
        let matrix = QRMatrix(version: QRVersion(number: 1))
        XCTAssertEqual((0..<7).map { matrix[0, $0] }, [true, true, true, true, true, true, true])
        XCTAssertEqual((0..<7).map { matrix[1, $0] }, [true, false, false, false, false, false, true])
        XCTAssertFalse(matrix[7, 7], "separator")
        XCTAssertEqual((8...12).map { matrix[6, $0] }, [true, false, true, false, true], "timing")
        XCTAssertTrue(matrix[13, 8], "the dark module at (4V + 9, 8)")
    }

    func test_penalty_countsRunsBlocksAndFinderLikePatterns() {
        XCTAssertEqual(QRMatrix.runPenalty([true, true, true, true, true, false]), 3)
        XCTAssertEqual(QRMatrix.runPenalty([false, false, false, false, false, false, false]), 5)
        XCTAssertEqual(QRMatrix.finderLikePenalty([false, false, false, false, true, false, true, true, true, false, true]), 40)
        XCTAssertEqual(QRMatrix.finderLikePenalty([true, false, true, true, true, false, true, true]), 0)
    }
}
