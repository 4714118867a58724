import Foundation
import ServiceKit
import XCTest

final class StringSpacesTests: XCTestCase {
    func test_trimmingSpaces_dropsTabsAndSpaceSeparatorsAtBothEnds_keepsLineBreaksAndInnerSpaces() {
        XCTAssertEqual("  a b\t".trimmingSpaces, "a b")
        XCTAssertEqual("\u{00A0}\u{3000}Yes\u{2009}\u{200B}".trimmingSpaces, "Yes")
        XCTAssertEqual("\nYes\n".trimmingSpaces, "\nYes\n")
        XCTAssertEqual(" \t ".trimmingSpaces, "")
        XCTAssertEqual("".trimmingSpaces, "")
        XCTAssertEqual("é".trimmingSpaces, "é")
    }

    func test_trimmingSpaces_agreesWithFoundationsWhitespaces_onRandomStrings() {
        let alphabet: [Character] = [" ", "\t", "\n", "\r", "\u{00A0}", "\u{2003}", "\u{200B}", "\u{FEFF}", "a", "é", "😀", "-"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            XCTAssertEqual(text.trimmingSpaces, text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }
}
