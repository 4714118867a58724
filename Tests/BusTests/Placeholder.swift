import XCTest
final class BusTestsPlaceholder: XCTestCase { func testNothing() {} }
