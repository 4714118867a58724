import Bus
import Contracts

/// A gateway whose loyalty event reader listens to a real publisher (`withLiveReader`), for a test
/// to send loyalty's events through the bus.
struct LiveEventReader {
    let harness: GatewayTestHarness
    let publisher: Publisher
    /// The warm-up event's sequence, which the reader has taken: a test's events come after it.
    /// Its stream (store 99) stays open, so `harness.gateway.feed.count` counts it.
    let cursor: Int64

    /// Adds `event` to loyalty's outbox and publishes it, as loyalty does.
    func publish(_ event: Event) throws {
        harness.outbox.append(event)
        try publisher.publish(topic: event.topic, payload: try event.serializedBytes())
    }
}
