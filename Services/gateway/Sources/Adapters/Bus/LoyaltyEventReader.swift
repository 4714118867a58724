import Bus
import Contracts
import Foundation
import Logging
import ProtoBridge
import ServiceLifecycle

/// Reads loyalty's discount events from its replicas and hands them to the `StoreEventFeed`, in
/// sequence order and without gaps: a gap (the bus dropped something) is filled from loyalty's
/// outbox over `EventsSince`, and so are events dropped just before a quiet spell, by a periodic
/// check. The cursor lives in memory: after a restart, streams continue from the first new event.
/// `loyalty.store_key_rotated` drops the store's cached API keys (`StoreKeyResolver.forget`).
public struct LoyaltyEventReader: Service {
    /// Every discount topic.
    public static let topicPrefix = "loyalty.discount_"
    /// A store's API key was replaced.
    public static let storeKeyRotatedTopic = "loyalty.store_key_rotated"
    /// What the reader subscribes to: all of loyalty's events.
    static let subscribedPrefix = "loyalty."

    /// The message of each discount topic's payload (proto name).
    public static let payloadTypes: [(topic: String, type: String)] = [
        ("loyalty.discount_pending", "loyalty.DiscountPending"),
        ("loyalty.discount_processing", "loyalty.DiscountProcessing"),
        ("loyalty.discount_applied", "loyalty.DiscountSettled"),
        ("loyalty.discount_failed", "loyalty.DiscountSettled"),
        ("loyalty.discount_expired", "loyalty.DiscountSettled"),
        ("loyalty.discount_shortfall", "loyalty.DiscountShortfall"),
    ]

    enum Input: Sendable {
        case message(BusMessage)
        case check
    }

    let subscriber: Subscriber
    let backends: Backends
    let feed: StoreEventFeed
    let storeKeys: StoreKeyResolver?
    let checkInterval: Duration
    let logger: Logger

    public init(
        eventsURLs: [String],
        backends: Backends,
        feed: StoreEventFeed,
        storeKeys: StoreKeyResolver? = nil,
        checkInterval: Duration,
        logger: Logger
    ) throws {
        // Every loyalty topic, though only the discount ones and key rotations are used: one
        // sequence numbers all of loyalty's events, and a reader that saw only some of them took
        // the others for a gap, and asked loyalty for them over EventsSince at every redemption.
        subscriber = try Subscriber(urls: eventsURLs, topicPrefixes: [Self.subscribedPrefix], logger: logger)
        self.backends = backends
        self.feed = feed
        self.storeKeys = storeKeys
        self.checkInterval = checkInterval
        self.logger = logger
    }

    public func run() async throws {
        // Live events and periodic checks go through one loop, so the cursor has one writer.
        let (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await message in subscriber.messages { continuation.yield(.message(message)) }
                    continuation.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: checkInterval)
                        continuation.yield(.check)
                    }
                }
                var last: Int64?
                for await input in inputs { last = await handle(input, after: last) }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            subscriber.close()
        }
    }

    /// Handles one input given the last sequence handed on (nil before the first event); returns the new one.
    func handle(_ input: Input, after last: Int64?) async -> Int64? {
        switch input {
        case .check:
            guard let last else { return nil }
            return await fill(after: last)
        case .message(let message):
            guard let event = try? Event(serializedBytes: message.payload) else {
                logger.warning("skipping an undecodable event on \(message.topic)")
                return last
            }
            var cursor = last ?? event.sequence - 1
            if event.sequence > cursor + 1 { cursor = await fill(after: cursor) }
            guard event.sequence > cursor else { return cursor }
            await deliver(event)
            return event.sequence
        }
    }

    /// Hands on the discount events after `after` from loyalty's outbox; returns how far it got.
    func fill(after: Int64) async -> Int64 {
        var cursor = after
        while true {
            guard let body = try? EventsSinceRequest(afterSequence: cursor, limit: 500).serializedBytes() else { return cursor }
            let reply = await backends.call(
                "loyalty",
                PlatformMethods.eventsSince.name,
                body: body,
                options: CallOptions(principal: .service("gateway"))
            )
            guard reply.status == .ok, let page = try? EventsSinceReply(serializedBytes: Array(reply.body)) else {
                logger.warning("reading loyalty's missed events after #\(cursor) failed (asking again later): \(reply.status) \(reply.message)")
                return cursor
            }
            let missed = page.missed(after: cursor)
            if missed > 0 { logger.error("\(missed) loyalty event(s) after #\(cursor) were pruned before the gateway read them") }
            for event in page.events where event.sequence > cursor {
                await deliver(event)
                cursor = event.sequence
            }
            if page.events.count < 500 { return cursor }
        }
    }

    func deliver(_ event: Event) async {
        if event.topic == Self.storeKeyRotatedTopic {
            guard let rotated = try? StoreKeyRotated(serializedBytes: Array(event.payload)) else {
                logger.warning("loyalty event \(event.topic) #\(event.sequence) is undecodable: cached store keys kept until their ttl")
                return
            }
            let dropped = storeKeys?.forget(storeId: rotated.storeId) ?? 0
            logger.info("store \(rotated.storeId)'s API key was rotated: \(dropped) cached key(s) dropped")
            return
        }
        guard event.topic.hasPrefix(Self.topicPrefix) else { return }
        guard let storeEvent = Self.storeEvent(event) else {
            logger.warning("loyalty event \(event.topic) #\(event.sequence) has no known message or store: not streamed")
            return
        }
        feed.publish(storeEvent)
    }

    /// The event's payload as JSON (by `payloadTypes`), with its store.
    static func storeEvent(_ event: Event) -> StoreEvent? {
        guard let name = payloadTypes.first(where: { $0.topic == event.topic })?.type,
            let type = ProtoRegistry.type(named: name),
            let message = try? ProtoMessage(type: type, serializedBytes: Array(event.payload)),
            case .int(let store)? = message["store_id"]
        else { return nil }
        return StoreEvent(topic: event.topic, sequence: event.sequence, storeId: Int32(clamping: store), json: message.json().serialized())
    }
}
