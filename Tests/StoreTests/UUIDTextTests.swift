import Foundation
import XCTest

@testable import Store

final class UUIDTextTests: XCTestCase {
    func test_lowercasedText_matchesFoundationsForm() {
        for _ in 0..<1_000 {
            let id = UUID()
            XCTAssertEqual(id.lowercasedText, id.uuidString.lowercased())
        }
        XCTAssertEqual(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).lowercasedText, "00000000-0000-0000-0000-000000000000")
    }

    func test_canonicalText_parsesLowerAndUpperCase() throws {
        for _ in 0..<1_000 {
            let id = UUID()
            XCTAssertEqual(UUID(canonicalText: id.uuidString.lowercased()), id)
            XCTAssertEqual(UUID(canonicalText: id.uuidString), id)
        }
        XCTAssertEqual(try UUID(sqlText: "ffffffff-ffff-ffff-ffff-ffffffffffff").uuidString, "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")
    }

    func test_canonicalText_whenMalformed_isNil() {
        for text in [
            "", "0", "00000000-0000-0000-0000-00000000000", "00000000-0000-0000-0000-0000000000000",
            "00000000x0000-0000-0000-000000000000", "0000000-00000-0000-0000-000000000000",
            "g0000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000é",
        ] {
            XCTAssertNil(UUID(canonicalText: text), text)
            XCTAssertThrowsError(try UUID(sqlText: text), text)
        }
    }
}
