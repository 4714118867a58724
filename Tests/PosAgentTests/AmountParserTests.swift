import XCTest

@testable import PosAgent

/// `amount.json` → kopecks, exactly, from the literal text of the number.
final class AmountParserTests: XCTestCase {
    private func parse(_ text: String) throws -> Int64 { try AmountParser.parse(Array(text.utf8)).value }

    private func assertRejects(_ text: String, _ expected: AmountParseError? = nil, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try AmountParser.parse(Array(text.utf8)), text, file: file, line: line) { error in
            guard let expected else { return }
            XCTAssertEqual(error as? AmountParseError, expected, file: file, line: line)
        }
    }

    func test_amountParser_readsJSONNumberWithTwoDecimals() throws {
        XCTAssertEqual(try parse(#"{"amount": 1234.56}"#), 123_456)
    }

    func test_amountParser_readsOneFractionDigitAsTensOfKopecks() throws {
        XCTAssertEqual(try parse(#"{"amount": 1234.5}"#), 123_450)
    }

    func test_amountParser_readsInteger() throws {
        XCTAssertEqual(try parse(#"{"amount": 250}"#), 25_000)
        XCTAssertEqual(try parse(#"{"amount": 0}"#), 0)
    }

    func test_amountParser_readsOneKopeck() throws {
        XCTAssertEqual(try parse(#"{"amount": 0.01}"#), 1)
    }

    func test_amountParser_readsString() throws {
        XCTAssertEqual(try parse(#"{"amount": "99.99"}"#), 9999)
    }

    func test_amountParser_isExactWhereDoubleIsNot() throws {
        // 0.29 * 100 == 28.999999999999996 in Double; 9007199254740993 has no Double at all.
        XCTAssertEqual(try parse(#"{"amount": 0.29}"#), 29)
        XCTAssertEqual(try parse(#"{"amount": 90071992547409.93}"#), 9_007_199_254_740_993)
    }

    func test_amountParser_ignoresOtherFields() throws {
        XCTAssertEqual(try parse(#"{"receipt": {"lines": [1, 2.5, "x", null, true]}, "amount": 10.10, "cashier": "Иванова"}"#), 1010)
    }

    func test_amountParser_skipsUTF8BOM() throws {
        XCTAssertEqual(try AmountParser.parse([0xEF, 0xBB, 0xBF] + Array(#"{"amount": 12.34}"#.utf8)).value, 1234)
    }

    func test_amountParser_acceptsWindowsLineEndings() throws {
        XCTAssertEqual(try parse("{\r\n  \"amount\": 5.00\r\n}\r\n"), 500)
    }

    func test_amountParser_rejectsThreeFractionDigits() {
        assertRejects(#"{"amount": 1.234}"#, .tooManyFractionDigits("1.234"))
        assertRejects(#"{"amount": "1.230"}"#, .tooManyFractionDigits("1.230"))
    }

    func test_amountParser_rejectsNegative() {
        assertRejects(#"{"amount": -5}"#, .negative("-5"))
        assertRejects(#"{"amount": "-0.01"}"#, .negative("-0.01"))
    }

    /// Exponents are rejected by design (1C writes plain decimals); see `Kopecks.parse`.
    func test_amountParser_rejectsExponent() {
        assertRejects(#"{"amount": 1e3}"#, .exponent("1e3"))
        assertRejects(#"{"amount": 1.5E+2}"#, .exponent("1.5E+2"))
    }

    func test_amountParser_rejectsNonNumericAmounts() {
        assertRejects(#"{"amount": "12,50"}"#, .notANumber("12,50"))
        assertRejects(#"{"amount": "abc"}"#, .notANumber("abc"))
        assertRejects(#"{"amount": "free"}"#, .notANumber("free"))
        assertRejects(#"{"amount": ""}"#, .notANumber(""))
        assertRejects(#"{"amount": " 5"}"#, .notANumber(" 5"))
        assertRejects(#"{"amount": ".5"}"#, .notANumber(".5"))
        assertRejects(#"{"amount": "5."}"#, .notANumber("5."))
        assertRejects(#"{"amount": null}"#, .notANumber("null"))
        assertRejects(#"{"amount": true}"#, .notANumber("true"))
        assertRejects(#"{"amount": [1]}"#, .notANumber("an array"))
    }

    func test_amountParser_rejectsMissingAmountAndNonObjects() {
        assertRejects(#"{"total": 5}"#, .missingAmount)
        assertRejects(#"[{"amount": 5}]"#, .notAnObject)
        assertRejects("5", .notAnObject)
    }

    func test_amountParser_rejectsGarbageAndTruncatedJSON() {
        assertRejects("")
        assertRejects("garbage")
        assertRejects(#"{"amount": 12"#)
        assertRejects(#"{"amount": 012}"#)
        assertRejects(#"{"amount": 1.}"#)
        assertRejects(#"{"amount": 5} trailing"#)
        assertRejects(#"{amount: 5}"#)
        assertRejects("\u{FEFF}\u{FEFF}{\"amount\": 1}")
    }

    func test_amountParser_rejectsAbsurdlyLargeAmounts() {
        assertRejects(#"{"amount": 1234567890123456}"#, .tooLarge("1234567890123456"))
    }

    func test_amountParser_decodesEscapesInOtherStrings() throws {
        XCTAssertEqual(try parse(#"{"note": "a\"b\\c\u0416\ud83d\ude00", "amount": "1.00"}"#), 100)
        assertRejects(#"{"note": "\ud83d", "amount": 1}"#)
    }

    func test_kopecks_formatsTwoDecimals() {
        XCTAssertEqual(Kopecks(123_450).roublesText, "1234.50")
        XCTAssertEqual(Kopecks(9999).roublesText, "99.99")
        XCTAssertEqual(Kopecks(1).roublesText, "0.01")
        XCTAssertEqual(Kopecks(0).roublesText, "0.00")
        XCTAssertEqual(Kopecks(100).roublesText, "1.00")
    }
}
