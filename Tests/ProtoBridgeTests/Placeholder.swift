import XCTest
final class ProtoBridgeTestsPlaceholder: XCTestCase { func testNothing() {} }
