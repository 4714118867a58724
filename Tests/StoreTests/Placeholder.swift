import XCTest
final class StoreTestsPlaceholder: XCTestCase { func testNothing() {} }
