import XCTest

@testable import ProtoBridge

/// An object keeps its keys in insertion order, small (scanned) or big (indexed).
final class JSONObjectTests: XCTestCase {
    func test_keys_stayInInsertionOrder_andAReplacedValueKeepsItsPlace() {
        var object = JSONObject()
        object["b"] = .integer(1)
        object["a"] = .integer(2)
        object["b"] = .integer(3)
        XCTAssertEqual(object.keys, ["b", "a"])
        XCTAssertEqual(object["b"], .integer(3))
        XCTAssertEqual(object.map(\.key), ["b", "a"])
    }

    func test_removingAKey_dropsItFromTheOrder() {
        var object = JSONObject([("x", .null), ("y", .bool(true)), ("z", .string("s"))])
        object["y"] = nil
        object["missing"] = nil
        XCTAssertEqual(object.keys, ["x", "z"])
        XCTAssertNil(object["y"])
        XCTAssertEqual(object.count, 2)
    }

    func test_bigObject_findsEveryKey_acrossRemovalsAndReplacements() {
        let count = JSONObject.indexedCount * 4
        var object = JSONObject()
        for n in 0..<count { object["k\(n)"] = .integer(n) }
        for n in stride(from: 0, to: count, by: 3) { object["k\(n)"] = nil }
        for n in stride(from: 1, to: count, by: 3) { object["k\(n)"] = .integer(-n) }
        object["new"] = .null
        var expected: [String] = []
        for n in 0..<count where n % 3 != 0 { expected.append("k\(n)") }
        XCTAssertEqual(object.keys, expected + ["new"])
        for n in 0..<count {
            XCTAssertEqual(object["k\(n)"], n % 3 == 0 ? nil : .integer(n % 3 == 1 ? -n : n), "k\(n)")
        }
        XCTAssertEqual(object["new"], .null)
    }

    func test_equality_looksAtOrderAndValues() {
        let ab = JSONObject([("a", .integer(1)), ("b", .integer(2))])
        XCTAssertEqual(ab, JSONObject([("a", .integer(1)), ("b", .integer(2))]))
        XCTAssertNotEqual(ab, JSONObject([("b", .integer(2)), ("a", .integer(1))]))
        XCTAssertNotEqual(ab, JSONObject([("a", .integer(1)), ("b", .integer(3))]))
        XCTAssertNotEqual(ab, JSONObject([("a", .integer(1))]))
    }
}
