import XCTest

@testable import Gateway

final class QRCodeTests: XCTestCase {
    private static func rows(_ code: QRCode) -> String {
        (0..<code.size).map { row in String((0..<code.size).map { code[row, $0] ? "#" : "." }) }.joined(separator: "\n")
    }

    func test_numericCard_matchesTheReferenceEncoder_moduleForModule() throws {
        let code = try QRCode(encoding: "123456", level: .medium, mask: QRMask(3))
        XCTAssertEqual(code.version.number, 1)
        XCTAssertEqual(code.mode, .numeric)
        XCTAssertEqual(Self.rows(code), QRReferenceMatrices.card123456MediumMask3)
        XCTAssertEqual(Self.rows(try QRCode(encoding: "504213", level: .high, mask: QRMask(6))), QRReferenceMatrices.card504213HighMask6)
    }

    func test_byteText_inVersion2_withAlignmentPattern_matchesTheReferenceEncoder() throws {
        let code = try QRCode(encoding: "hello world!", level: .quartile, mask: QRMask(5))
        XCTAssertEqual(code.version.number, 2)
        XCTAssertEqual(code.mode, .byte)
        XCTAssertEqual(code.size, 25)
        XCTAssertEqual(Self.rows(code), QRReferenceMatrices.helloQuartileMask5)
    }

    func test_withoutAMask_theLowestPenaltyMaskIsChosen() throws {
        for card in ["000000", "123456", "999999", "271828"] {
            let code = try QRCode(encoding: card, level: .quartile)
            let penalties = try QRMask.all.map { try QRCode(encoding: card, level: .quartile, mask: $0).matrix.penalty }
            XCTAssertEqual(code.matrix.penalty, penalties.min(), card)
            XCTAssertEqual(Self.rows(code), Self.rows(try QRCode(encoding: card, level: .quartile, mask: code.mask)))
        }
    }

    func test_codewords_areDataThenPadThenAnErrorCorrectionThatChecks() {
        // 1-M holds 16 data codewords: "01234567" numeric is 0x10 0x20 0x0C 0x56 0x61 0x80 then 0xEC 0x11 … (ISO/IEC 18004 annex I).
        let codewords = QRCode.codewords("01234567", mode: .numeric, version: QRVersion(number: 1), level: .medium)
        XCTAssertEqual(Array(codewords.prefix(16)), [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11])
        XCTAssertEqual(Array(codewords.suffix(10)), [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    func test_tooLongForVersion2_isRefused() {
        XCTAssertThrowsError(try QRCode(encoding: String(repeating: "x", count: 40), level: .high)) { error in
            XCTAssertEqual(error as? QRCodeError, .tooLong(bits: 4 + 8 + 8 * 40))
        }
    }
}
