import Bus
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Synchronization
import TestSupport
import XCTest

extension DiscountStreamTests {
    /// Runs `body` with a gateway (`withGateway`) whose event reader listens to a fresh publisher
    /// and has taken a first event; stops the reader, the publisher and the gateway after, also
    /// when `body` throws.
    @discardableResult
    func withLiveReader<Result>(
        environment extra: [String: String] = [:],
        _ body: (LiveEventReader) async throws -> Result
    ) async throws -> Result {
        let eventsURL = "ipc:///tmp/gw-events-\(UUID().uuidString.prefix(8)).ipc"
        let publisher = try Publisher(url: eventsURL, logger: Logger(label: "loyalty-events"))
        defer { publisher.close() }
        // Gaps are filled when the next event shows them, not by the periodic check.
        let environment = ["LOYALTY_EVENTS_URL": eventsURL, "GATEWAY_EVENTS_CHECK_SECONDS": "60"].merging(extra) { _, new in new }
        return try await withGateway(environment: environment) { harness in
            let reader = try harness.gateway.eventReader()
            let readerTask = Task { try await reader.run() }
            defer { readerTask.cancel() }
            // Another store's event, sent until the reader has it: the reader is connected and its cursor is at 1.
            let warmUp = harness.gateway.feed.subscribe(storeId: 99)
            let warmedUp = Mutex(false)
            let watcher = Task {
                for await _ in warmUp.events { warmedUp.withLock { $0 = true } }
            }
            defer { watcher.cancel() }
            let first = try Self.event(1, store: 99)
            try await eventually("the reader receives events", timeout: .seconds(10), every: .milliseconds(50)) {
                try publisher.publish(topic: first.topic, payload: try first.serializedBytes())
                return warmedUp.withLock { $0 }
            }
            harness.outbox.append(first)
            return try await body(LiveEventReader(harness: harness, publisher: publisher, cursor: first.sequence))
        }
    }

    /// Opens store 7's discount stream with `token` and returns everything it sent once it ends;
    /// checks that it opened (200, `text/event-stream`).
    static func streamBody(_ client: some TestClientProtocol, token: String, lastEventId: String? = nil) async throws -> String {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if let lastEventId { headers[HTTPField.Name("Last-Event-ID")!] = lastEventId }
        return try await client.execute(uri: "/api/stores/7/discounts/stream", method: .get, headers: headers) { response in
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "text/event-stream")
            return String(buffer: response.body)
        }
    }
}
