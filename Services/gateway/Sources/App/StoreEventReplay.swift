import Bus
import Contracts
import Logging
import ProtoBridge

/// The discount events of one store after a given sequence, read back from loyalty's outbox
/// (`EventsSince`): what a stream client that reconnects with `Last-Event-ID` missed.
struct StoreEventReplay: Sendable {
    /// Events asked for per call.
    static let pageSize: Int32 = 500
    /// At most this many outbox events are scanned for one reconnect; older gaps are not replayed.
    static let maxScanned = 20_000

    let backends: Backends

    /// The store's events after `after`, oldest first, and whether the replay reached the end of
    /// the outbox (false when loyalty did not answer or the scan bound was hit).
    func events(storeId: Int32, after: Int64, requestId: String, logger: Logger) async -> (events: [StoreEvent], complete: Bool) {
        var cursor = after
        var found: [StoreEvent] = []
        var scanned = 0
        while scanned < Self.maxScanned {
            guard let body = try? EventsSinceRequest(afterSequence: cursor, limit: Self.pageSize).serializedBytes() else { break }
            let reply = await backends.call(
                "loyalty",
                PlatformMethods.eventsSince.name,
                body: body,
                options: CallOptions(principal: .service("gateway"), requestId: requestId, readOnly: true)
            )
            guard reply.status == .ok, let page = try? EventsSinceReply(serializedBytes: Array(reply.body)) else {
                logger.warning("replaying store \(storeId)'s events after #\(cursor) failed: \(reply.status) \(reply.message)")
                return (found, false)
            }
            let missed = page.missed(after: cursor)
            if missed > 0 { logger.warning("\(missed) loyalty event(s) after #\(cursor) were pruned: a reconnecting stream misses them") }
            for event in page.events where event.sequence > cursor {
                cursor = event.sequence
                scanned += 1
                guard event.topic.hasPrefix(LoyaltyEventReader.topicPrefix),
                    let storeEvent = LoyaltyEventReader.storeEvent(event),
                    storeEvent.storeId == storeId
                else { continue }
                found.append(storeEvent)
            }
            if page.events.count < Int(Self.pageSize) { return (found, true) }
        }
        return (found, false)
    }
}
