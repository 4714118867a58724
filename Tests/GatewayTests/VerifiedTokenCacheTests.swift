import Contracts
import Foundation
import XCTest

@testable import Gateway

/// The cache of verified bearer tokens: a hit only before the token's expiry, bounded in size.
final class VerifiedTokenCacheTests: XCTestCase {
    private let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    private let alice = Principal(subject: "alice", roles: ["admin"])

    func test_principal_isCachedUntilTheTokenExpires() {
        let cache = VerifiedTokenCache()
        XCTAssertNil(cache.principal(for: "t", now: t0))
        cache.store(alice, for: "t", expires: t0 + 10)
        XCTAssertEqual(cache.principal(for: "t", now: t0 + 9.999), alice)
        XCTAssertNil(cache.principal(for: "t", now: t0 + 10), "at its expiry the token is verified again (and refused)")
        XCTAssertNil(cache.principal(for: "t", now: t0), "an expired entry is dropped")
        XCTAssertNil(cache.principal(for: "t2", now: t0), "another token text is another entry")
    }

    func test_store_whenFull_startsOver() {
        let cache = VerifiedTokenCache(capacity: 2)
        cache.store(alice, for: "a", expires: t0 + 60)
        cache.store(alice, for: "b", expires: t0 + 60)
        cache.store(alice, for: "c", expires: t0 + 60)
        XCTAssertNil(cache.principal(for: "a", now: t0))
        XCTAssertEqual(cache.principal(for: "c", now: t0), alice)
    }
}
