import XCTest

@testable import Store

final class StatementCacheTests: XCTestCase {
    func test_plan_whenTextRunsTheSecondTime_preparesItThenUsesIt() {
        var cache = StatementCache()
        XCTAssertEqual(cache.plan(for: "SELECT 1"), .unnamed)
        guard case .prepare(let name) = cache.plan(for: "SELECT 1") else { return XCTFail("second run should prepare") }
        cache.prepared("SELECT 1", as: name)
        XCTAssertEqual(cache.plan(for: "SELECT 1"), .prepared(name))
        XCTAssertEqual(cache.count, 1)
    }

    func test_plan_whenPrepareWasNotConfirmed_countsAgainAndNeverReusesAName() {
        var cache = StatementCache()
        _ = cache.plan(for: "SELECT 1")
        guard case .prepare(let first) = cache.plan(for: "SELECT 1") else { return XCTFail("second run should prepare") }
        // The PREPARE failed (say, a syntax error): nothing is cached, the text starts over.
        XCTAssertEqual(cache.plan(for: "SELECT 1"), .unnamed)
        guard case .prepare(let second) = cache.plan(for: "SELECT 1") else { return XCTFail("should try to prepare again") }
        XCTAssertNotEqual(first, second)
    }

    func test_plan_whenFull_runsNewTextsUnnamed() {
        var cache = StatementCache(capacity: 2, prepareAfter: 1)
        for text in ["a", "b"] {
            guard case .prepare(let name) = cache.plan(for: text) else { return XCTFail("\(text) should prepare") }
            cache.prepared(text, as: name)
        }
        XCTAssertEqual(cache.plan(for: "c"), .unnamed)
        XCTAssertEqual(cache.plan(for: "c"), .unnamed)
        guard case .prepared = cache.plan(for: "a") else { return XCTFail("a stays prepared") }
    }

    func test_forget_whenStatementWentStale_preparesItAnewLater() {
        var cache = StatementCache(prepareAfter: 1)
        guard case .prepare(let name) = cache.plan(for: "SELECT * FROM t") else { return XCTFail("should prepare") }
        cache.prepared("SELECT * FROM t", as: name)
        cache.forget("SELECT * FROM t")
        XCTAssertEqual(cache.count, 0)
        guard case .prepare(let renamed) = cache.plan(for: "SELECT * FROM t") else { return XCTFail("should prepare again") }
        XCTAssertNotEqual(name, renamed, "the stale name may still exist on the server")
    }

    func test_removeAll_whenSessionEnds_forgetsPreparedAndCountedTexts() {
        var cache = StatementCache()
        _ = cache.plan(for: "x")
        guard case .prepare(let name) = cache.plan(for: "y") == .unnamed ? cache.plan(for: "y") : .unnamed else {
            return XCTFail("y should prepare on its second run")
        }
        cache.prepared("y", as: name)
        cache.removeAll()
        XCTAssertEqual(cache.count, 0)
        XCTAssertEqual(cache.plan(for: "x"), .unnamed, "run counts start over in a new session")
        XCTAssertEqual(cache.plan(for: "y"), .unnamed)
    }

    func test_plan_whenManyOneOffTexts_keepsItsMemoryBounded() {
        var cache = StatementCache(capacity: 4)
        for index in 0..<1_000 { XCTAssertEqual(cache.plan(for: "SELECT \(index)"), .unnamed) }
        XCTAssertEqual(cache.count, 0)
    }
}
