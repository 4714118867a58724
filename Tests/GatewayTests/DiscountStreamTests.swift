import Contracts
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ProtoBridge
import ServiceKit
import Synchronization
import TestSupport
import XCTest

/// `GET /api/stores/{storeId}/discounts/stream`: loyalty's discount events of one store as
/// Server-Sent Events, in sequence order, gaps filled from loyalty's outbox.
final class DiscountStreamTests: XCTestCase {
    static func event(_ sequence: Int64, store: Int32, shortfall: Bool = false) throws -> Event {
        shortfall
            ? try event(
                sequence,
                topic: "loyalty.discount_shortfall",
                DiscountShortfall(discountId: sequence, storeId: store, card: "123456", points: 50, redebited: 20, shortfall: 30)
            )
            : try event(
                sequence,
                topic: "loyalty.discount_pending",
                DiscountPending(discountId: sequence, storeId: store, card: "123456", amount: 50, expiresAt: "2026-12-06T12:00:00Z")
            )
    }

    /// Loyalty's event `sequence` on `topic`, carrying `payload`.
    static func event(_ sequence: Int64, topic: String, _ payload: some ProtoCodable) throws -> Event {
        Event(id: UUID().uuidString, topic: topic, payload: Data(try payload.serializedBytes()), sequence: sequence, source: "loyalty")
    }

    func test_stream_showsTheStoresEventsInOrder_fillingAGapFromTheOutbox() async throws {
        let environment = ["GATEWAY_STREAM_MAX_SECONDS": "3", "GATEWAY_STREAM_HEARTBEAT_SECONDS": "1"]
        try await withLiveReader(environment: environment) { live in
            let harness = live.harness
            let admin = try await GatewayTestHarness.token(subject: "alice", roles: ["admin"])
            try await harness.application().test(.router) { client in
                async let body = Self.streamBody(client, token: admin)
                try await eventually("the stream is open") { harness.gateway.feed.count == 2 }
                try live.publish(Self.event(2, store: 7))
                try live.publish(Self.event(3, store: 8))
                // #4 never reaches the bus: the reader fetches it when #5 shows the gap.
                harness.outbox.append(try Self.event(4, store: 7, shortfall: true))
                try live.publish(Self.event(5, store: 7))
                let text = try await body
                let ids = text.split(separator: "\n").filter { $0.hasPrefix("id: ") }.map { String($0.dropFirst(4)) }
                XCTAssertEqual(ids, ["2", "4", "5"], text)
                XCTAssertTrue(text.contains("event: loyalty.discount_shortfall\nid: 4\ndata: {"), text)
                XCTAssertTrue(text.contains(#""storeId":7"#), text)
                XCTAssertTrue(text.contains(": heartbeat"), text)
            }
            try await eventually("the ended stream is unsubscribed") { harness.gateway.feed.count == 1 }
        }
    }

    func test_reconnectWithLastEventId_replaysTheStoresMissedEventsFromTheOutbox_thenLive() async throws {
        try await withGateway(environment: ["GATEWAY_STREAM_MAX_SECONDS": "2", "GATEWAY_STREAM_HEARTBEAT_SECONDS": "1"]) { harness in
            // What happened while the client was away: #2 and #4 for store 7, #3 for store 8.
            harness.outbox.append(try Self.event(1, store: 7))
            harness.outbox.append(try Self.event(2, store: 7))
            harness.outbox.append(try Self.event(3, store: 8))
            harness.outbox.append(try Self.event(4, store: 7, shortfall: true))
            let admin = try await GatewayTestHarness.token(subject: "alice", roles: ["admin"])
            try await harness.application().test(.router) { client in
                async let body = Self.streamBody(client, token: admin, lastEventId: "1")
                try await eventually("the stream is open") { harness.gateway.feed.count == 1 }
                // Live: #4 again (already replayed: skipped) and a new #5.
                for sequence: Int64 in [4, 5] {
                    harness.gateway.feed.publish(
                        StoreEvent(topic: "loyalty.discount_pending", sequence: sequence, storeId: 7, json: Array("{}".utf8))
                    )
                }
                let text = try await body
                let ids = text.split(separator: "\n").filter { $0.hasPrefix("id: ") }.map { String($0.dropFirst(4)) }
                XCTAssertEqual(ids, ["2", "4", "5"], text)
            }
        }
    }

    func test_lastEventId_thatIsNotASequence_is400() async throws {
        try await withGateway { harness in
            let admin = try await GatewayTestHarness.token(subject: "alice", roles: ["admin"])
            try await harness.application().test(.router) { client in
                try await client.execute(
                    uri: "/api/stores/7/discounts/stream",
                    method: .get,
                    headers: [.authorization: "Bearer \(admin)", HTTPField.Name("Last-Event-ID")!: "abc"]
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    XCTAssertTrue(String(buffer: response.body).contains("Last-Event-ID"))
                }
            }
            XCTAssertEqual(harness.gateway.feed.count, 0)
        }
    }

    static func processing(_ sequence: Int64, store: Int32) throws -> Event {
        try event(
            sequence,
            topic: "loyalty.discount_processing",
            DiscountProcessing(
                discountId: 31,
                storeId: store,
                card: "123456",
                amount: 50,
                expiresAt: "2026-12-06T12:00:00Z",
                occurredAt: "2026-12-06T11:59:00Z"
            )
        )
    }

    func test_stream_showsTheHandOverToTheTill_asDiscountProcessing() async throws {
        let environment = ["GATEWAY_STREAM_MAX_SECONDS": "2", "GATEWAY_STREAM_HEARTBEAT_SECONDS": "1"]
        try await withLiveReader(environment: environment) { live in
            let harness = live.harness
            let admin = try await GatewayTestHarness.token(subject: "alice", roles: ["admin"])
            let last = live.cursor
            try await harness.application().test(.router) { client in
                async let body = Self.streamBody(client, token: admin)
                try await eventually("the stream is open") { harness.gateway.feed.count == 2 }
                try live.publish(Self.event(last + 1, store: 7))
                try live.publish(Self.processing(last + 2, store: 7))
                let text = try await body
                XCTAssertTrue(text.contains("event: loyalty.discount_pending\nid: \(last + 1)\n"), text)
                XCTAssertTrue(text.contains("event: loyalty.discount_processing\nid: \(last + 2)\ndata: {"), text)
                XCTAssertTrue(text.contains(#""discountId":"31""#), text)
                XCTAssertTrue(text.contains(#""occurredAt":"2026-12-06T11:59:00Z""#), text)
            }
        }
    }

    func test_loyaltysOtherEvents_betweenDiscountEvents_areNoGap_soTheOutboxIsNotAsked() async throws {
        try await withLiveReader { live in
            let harness = live.harness
            let last = live.cursor
            let stream = harness.gateway.feed.subscribe(storeId: 7)
            // A redemption's events as loyalty numbers them: one sequence for every topic.
            let earned = try Self.event(last + 2, topic: "loyalty.points_earned", PointsEarned(card: "123456", storeId: 7, points: 4))
            let redeemed = try Self.event(last + 3, topic: "loyalty.points_redeemed", PointsRedeemed(card: "123456", storeId: 7, points: 50))
            for event in [try Self.event(last + 1, store: 7), earned, redeemed, try Self.event(last + 4, store: 7)] {
                try live.publish(event)
            }
            let received = Mutex<[Int64]>([])
            let collector = Task {
                for await event in stream.events { received.withLock { $0.append(event.sequence) } }
            }
            defer { collector.cancel() }
            try await eventually("both discount events reach the store's stream") { received.withLock { $0.count == 2 } }
            XCTAssertEqual(received.withLock { $0 }, [last + 1, last + 4])
            XCTAssertEqual(harness.outbox.askedCount, 0, "no gap was taken for one")
        }
    }

    func test_finishAll_endsOpenStreams_andStreamsOpenedLaterEndAtOnce() async throws {
        // An hour-long stream with a 15 s heartbeat: only finishAll can end it within the test.
        try await withGateway(environment: ["GATEWAY_STREAM_MAX_SECONDS": "3600"]) { harness in
            let admin = try await GatewayTestHarness.token(subject: "alice", roles: ["admin"])
            try await harness.application().test(.router) { client in
                async let body = Self.streamBody(client, token: admin)
                try await eventually("the stream is open") { harness.gateway.feed.count == 1 }
                harness.gateway.feed.finishAll()
                let text = try await body
                XCTAssertTrue(text.hasPrefix(": store 7"), text)
                XCTAssertEqual(harness.gateway.feed.count, 0)
                try await client.execute(uri: "/api/stores/7/discounts/stream", method: .get, headers: [.authorization: "Bearer \(admin)"]) {
                    response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertFalse(String(buffer: response.body).contains("heartbeat"), "ended at once")
                }
            }
        }
    }

    func test_openStream_endsOnceItsCredentialNoLongerPasses() async throws {
        let environment = ["GATEWAY_STREAM_MAX_SECONDS": "3600", "GATEWAY_STREAM_RECHECK_SECONDS": "1"]
        try await withGateway(environment: environment) { harness in
            // Allowed at the opening (loyalty's rule: telegram:42 reads store 7), then removed.
            let token = try await GatewayTestHarness.token(subject: "telegram:42", roles: ["user"])
            try await harness.application().test(.router) { client in
                async let text = Self.streamBody(client, token: token)
                try await eventually("the stream is open") { harness.gateway.feed.count == 1 }
                harness.access.revoke("telegram:42")
                let body = try await text
                XCTAssertTrue(body.hasPrefix(": store 7"), body)
            }
            XCTAssertEqual(harness.gateway.feed.count, 0, "the ended stream is unsubscribed")
        }
    }

    func test_stream_isForTheStoresCashiersKeyAndAdmins() async throws {
        try await withGateway(environment: ["GATEWAY_STREAM_MAX_SECONDS": "1"]) { harness in
            let user = try await GatewayTestHarness.token(subject: "bob", roles: ["user"])
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/api/stores/7/discounts/stream", method: .get) { response in
                    XCTAssertEqual(response.status, .unauthorized)
                }
                try await client.execute(uri: "/api/stores/7/discounts/stream", method: .get, headers: [.authorization: "Bearer \(user)"]) {
                    response in
                    XCTAssertEqual(response.status, .forbidden, "loyalty does not let bob read store 7")
                }
                try await client.execute(uri: "/api/stores/x/discounts/stream", method: .get, headers: [.authorization: "Bearer \(user)"]) {
                    response in
                    XCTAssertEqual(response.status, .badRequest)
                }
            }
            XCTAssertEqual(harness.gateway.feed.count, 0)
        }
    }

    func test_openAPI_listsTheStream() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/openapi.json", method: .get) { response in
                    let text = String(buffer: response.body)
                    XCTAssertTrue(text.contains(#""/api/stores/{storeId}/discounts/stream""#))
                    XCTAssertTrue(text.contains("text/event-stream"))
                    XCTAssertTrue(text.contains("#/components/schemas/loyalty.DiscountPending"))
                    XCTAssertTrue(text.contains("#/components/schemas/loyalty.DiscountProcessing"))
                }
            }
        }
    }
}
