import XCTest

@testable import Markets

/// Category names and their slugs.
final class CategoryNameTests: XCTestCase {
    func test_slug_isLowercaseASCIIWithSingleDashes() {
        XCTAssertEqual(CategoryName.slug("Pop Culture"), "pop-culture")
        XCTAssertEqual(CategoryName.slug("  Science & Tech  "), "science-tech")
        XCTAssertEqual(CategoryName.slug("AI/ML -- News!"), "ai-ml-news")
        XCTAssertEqual(CategoryName.slug("Économie Mondiale"), "economie-mondiale")
        XCTAssertEqual(CategoryName.slug("NFL 2027"), "nfl-2027")
        XCTAssertEqual(CategoryName.slug("<script>"), "script")
        XCTAssertEqual(CategoryName.slug("🚀"), "")
    }

    func test_name_isTrimmed_andEmptyOrUnsluggableBecomesOther() {
        XCTAssertEqual(CategoryName("  Pop   Culture "), CategoryName(name: "Pop Culture", slug: "pop-culture"))
        XCTAssertEqual(CategoryName(""), .other)
        XCTAssertEqual(CategoryName("🚀🚀"), .other)
    }
}
