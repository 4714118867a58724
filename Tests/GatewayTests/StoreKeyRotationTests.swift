import Bus
import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import XCTest

/// `loyalty.store_key_rotated` drops the store's cached API keys: the old key is refused at once,
/// not after `STORE_KEY_CACHE_SECONDS`.
final class StoreKeyRotationTests: XCTestCase {
    static let storeKey = HTTPField.Name("x-store-api-key")!

    static func rotated(_ sequence: Int64, store: Int32) throws -> Event {
        Event(
            id: UUID().uuidString,
            topic: LoyaltyEventReader.storeKeyRotatedTopic,
            payload: Data(try StoreKeyRotated(storeId: store, occurredAt: "2026-12-07T10:00:00Z").serializedBytes()),
            sequence: sequence,
            source: "loyalty"
        )
    }

    func test_rotationEvent_dropsTheStoresCachedKeys_soTheOldKeyIsRefusedAtOnce() async throws {
        let eventsURL = "ipc:///tmp/gw-keys-\(UUID().uuidString.prefix(8)).ipc"
        let publisher = try Publisher(url: eventsURL, logger: Logger(label: "loyalty-events"))
        defer { publisher.close() }
        // An hour of cache: only the event can make the old key fail within this test.
        let environment = ["LOYALTY_EVENTS_URL": eventsURL, "STORE_KEY_CACHE_SECONDS": "3600", "GATEWAY_EVENTS_CHECK_SECONDS": "60"]
        try await withGateway(environment: environment) { harness in
            harness.storeKeys.set("sk_old", store: 7)
            harness.storeKeys.set("sk_other", store: 8)
            try await harness.application().test(.router) { client in
                func status(_ key: String) async throws -> HTTPResponse.Status {
                    try await client.execute(uri: "/api/cashier/session", method: .get, headers: [Self.storeKey: key]) { $0.status }
                }
                let firstOld = try await status("sk_old")
                XCTAssertEqual(firstOld, .ok)
                let secondOld = try await status("sk_old")
                XCTAssertEqual(secondOld, .ok)
                let firstOther = try await status("sk_other")
                XCTAssertEqual(firstOther, .ok)
                XCTAssertEqual(harness.storeKeys.lookups, 2, "each key asked for once, then cached")

                // Loyalty rotates store 7's key: the cached old key still passes until the event.
                harness.storeKeys.remove("sk_old")
                harness.storeKeys.set("sk_new", store: 7)
                let cachedOld = try await status("sk_old")
                XCTAssertEqual(cachedOld, .ok, "cached")
                let cached = harness.gateway.storeKeys.cachedKeys(storeId: 7)
                XCTAssertEqual(cached, 1)

                let reader = try harness.gateway.eventReader()
                let readerTask = Task { try await reader.run() }
                defer { readerTask.cancel() }
                var sequence: Int64 = 0
                try await eventually("the reader drops store 7's cached key", timeout: .seconds(10), every: .milliseconds(50)) {
                    sequence += 1
                    let event = try Self.rotated(sequence, store: 7)
                    harness.outbox.append(event)
                    try publisher.publish(topic: event.topic, payload: try event.serializedBytes())
                    return harness.gateway.storeKeys.cachedKeys(storeId: 7) == 0
                }
                let rotatedOld = try await status("sk_old")
                XCTAssertEqual(rotatedOld, .unauthorized)
                let newKey = try await status("sk_new")
                XCTAssertEqual(newKey, .ok)
                let otherStore = harness.gateway.storeKeys.cachedKeys(storeId: 8)
                XCTAssertEqual(otherStore, 1, "another store's key stays cached")
                let lookups = harness.storeKeys.lookups
                let otherAgain = try await status("sk_other")
                XCTAssertEqual(otherAgain, .ok)
                XCTAssertEqual(harness.storeKeys.lookups, lookups, "from the cache")
            }
        }
    }
}
