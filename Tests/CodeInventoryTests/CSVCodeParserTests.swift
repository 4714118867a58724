import CodeInventory
import Foundation
import XCTest

/// Import parsing on nasty CSVs, fed whole and split at every possible byte.
final class CSVCodeParserTests: XCTestCase {
    private func parse(_ bytes: [UInt8], splitAt split: Int? = nil) -> ParsedCodes {
        var parser = CSVCodeParser()
        var parsed = ParsedCodes()
        if let split {
            parser.feed(bytes[..<split], into: &parsed)
            // The state between chunks is stored as JSON with the upload: round-trip it.
            let data = try! JSONEncoder().encode(parser)
            parser = try! JSONDecoder().decode(CSVCodeParser.self, from: data)
            parser.feed(bytes[split...], into: &parsed)
        } else {
            parser.feed(bytes, into: &parsed)
        }
        parser.finish(into: &parsed)
        return parsed
    }

    /// Parses whole and at every split point; all must agree.
    private func assertParses(_ text: [UInt8], codes: [String], rejected: Int = 0, file: StaticString = #filePath, line: UInt = #line) {
        let whole = parse(text)
        XCTAssertEqual(whole.codes, codes, "whole", file: file, line: line)
        XCTAssertEqual(whole.rejected, rejected, "whole", file: file, line: line)
        // Every split point of small inputs; a stride through large ones (each split re-parses all).
        for split in stride(from: 0, through: text.count, by: text.count <= 1024 ? 1 : 97) {
            let parts = parse(text, splitAt: split)
            XCTAssertEqual(parts.codes, codes, "split at \(split)", file: file, line: line)
            XCTAssertEqual(parts.rejected, rejected, "split at \(split)", file: file, line: line)
        }
    }

    func test_bom_crlf_emptyLines_whitespace_firstColumnOnly() {
        let text = Array("\u{FEFF}  A1 ,x,y\r\n\r\n\n B2\t\r\n,onlysecond\r\n   \r\nC3".utf8)
        XCTAssertEqual(Array(text.prefix(3)), [0xEF, 0xBB, 0xBF])
        assertParses(text, codes: ["A1", "B2", "C3"])
    }

    func test_quotes_withEmbeddedCommasQuotesAndNewlines() {
        let text = Array("\"a,b\",2\n\"he said \"\"hi\"\"\"\n\"line1\nline2\",x\n  \"  padded  \"  ,z\n\"\"\nplain\"quote\n".utf8)
        assertParses(text, codes: ["a,b", "he said \"hi\"", "line1\nline2", "padded", "plain\"quote"])
    }

    func test_quotedNewlineInLaterColumn_doesNotSplitTheRecord() {
        assertParses(Array("A,\"x\ny\",\"p,\"\"q\"\nB\n".utf8), codes: ["A", "B"])
    }

    func test_over128Characters_isRejected_128IsKept_multibyteCountsCharacters() {
        let ok = String(repeating: "k", count: 128)
        let long = String(repeating: "x", count: 129)
        let wide = String(repeating: "é", count: 128)  // 256 bytes, 128 characters
        let huge = String(repeating: "z", count: 10_000)
        assertParses(Array("\(ok)\n\(long)\n\(wide)\n\(huge)\nend".utf8), codes: [ok, wide, "end"], rejected: 2)
    }

    func test_invalidUTF8_andNUL_areRejected() {
        assertParses([0x41, 0x0A, 0xFF, 0xFE, 0x0A, 0x42, 0x00, 0x43, 0x0A, 0x44], codes: ["A", "D"], rejected: 2)
    }

    func test_unicodeWhitespace_isTrimmed_andAloneIsEmpty() {
        assertParses(Array("\u{00A0}X1\u{2003}\n\u{00A0}\u{00A0}\nX2".utf8), codes: ["X1", "X2"])
    }

    func test_duplicatesInFile_areAllReported_storageDecides() {
        assertParses(Array("D\nD\n D \n\"D\"\n".utf8), codes: ["D", "D", "D", "D"])
    }

    func test_unterminatedQuote_atEndOfStream_keepsTheValue() {
        assertParses(Array("A\n\"B,C".utf8), codes: ["A", "B,C"])
    }

    func test_bomLikePrefix_thatIsNotABOM_isData() {
        // EF BB 41 is not a BOM: the bytes are data, and invalid UTF-8, so rejected.
        assertParses([0xEF, 0xBB, 0x41, 0x0A, 0x42], codes: ["B"], rejected: 1)
        assertParses([0xEF, 0xBB, 0xBF], codes: [])
        assertParses([], codes: [])
    }

    func test_onlyCarriageReturns_areLineBreaks() {
        assertParses(Array("A\rB\rC".utf8), codes: ["A", "B", "C"])
    }

    func test_longWhitespacePadding_isTrimmed_notRejected() {
        let padding = String(repeating: " ", count: 20_000)
        assertParses(Array("\(padding)P1\(padding)\nP2".utf8), codes: ["P1", "P2"])
    }
}
