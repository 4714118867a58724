import Bus
import Contracts
import Foundation
import Logging
import ServiceLifecycle
import Store

/// Subscribes to another service's events and handles each event id exactly once.
///
/// The handler runs inside a transaction that also records the event id, so a redelivered event
/// changes nothing. A gap in the publisher's sequence (the lossy event bus dropped something, or
/// we started late) is filled from the publisher's outbox over `EventsSince`.
///
/// The publisher numbers all of its events in one sequence, so the subscriber should take every
/// topic of the publisher and leave the choice to `topicPrefixes`: events of other topics then
/// close the sequence in memory, and only a real gap costs a call to the publisher.
public struct EventConsumer: Service {
    public typealias Handler = @Sendable (Event, Transaction) async throws -> Void

    let source: String
    let subscriber: Subscriber
    let publisherClient: RPCClient
    let database: ServiceDatabase
    let handler: Handler
    let logger: Logger
    /// Who asks the publisher for missed events (`EventsSince` takes services and admins only).
    let caller: Principal
    /// How often to ask the publisher for missed events even when no gap was seen: the last
    /// events before a quiet spell can be dropped with no later event to reveal the gap. Nil: only
    /// at start and on a gap.
    let catchUpInterval: Duration?
    /// Topics the handler wants (prefixes, as the subscriber's); nil: every topic. Events of other
    /// topics read while catching up only move the cursor past them, with no row per event.
    let topicPrefixes: [String]?
    /// How far this process saw the publisher's sequence without a gap.
    let progress = EventProgress()

    public init(
        source: String,
        subscriber: Subscriber,
        publisherClient: RPCClient,
        database: ServiceDatabase,
        caller: Principal = .service("event-consumer"),
        catchUpInterval: Duration? = nil,
        topicPrefixes: [String]? = nil,
        logger: Logger,
        handler: @escaping Handler
    ) {
        self.source = source
        self.caller = caller
        self.catchUpInterval = catchUpInterval
        self.topicPrefixes = topicPrefixes
        self.subscriber = subscriber
        self.publisherClient = publisherClient
        self.database = database
        self.logger = logger
        self.handler = handler
    }

    /// Catches up, then handles live events until shutdown; with `catchUpInterval`, also catches up
    /// on that period. A publisher that cannot be reached is logged and asked again later, so the
    /// consumer (and its service) keeps running while the publisher is down.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await periodicCatchUp() }
                for await message in subscriber.messages {
                    do {
                        let event = try Event(serializedBytes: message.payload)
                        try await receive(event)
                    } catch {
                        logger.warning("event from \(source) not handled: \(error)")
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            subscriber.close()
        }
    }

    /// Catches up now and then every `catchUpInterval` (once only without one) until cancelled.
    func periodicCatchUp() async {
        while !Task.isCancelled {
            do {
                try await catchUp()
            } catch {
                logger.warning("catching up with \(source) failed (asking again later): \(error)")
            }
            guard let interval = catchUpInterval else { return }
            try? await Task.sleep(for: interval)
        }
    }

    /// Handles one event, first fetching any events missed before it.
    ///
    /// An event of a topic the handler does not want only moves the sequence seen in memory (no
    /// row); the stored cursor passes it at the next catch-up.
    public func receive(_ event: Event) async throws {
        if !progress.follows(event.sequence) { try await catchUp() }
        if wants(event) { _ = try await handleOnce(event) }
        progress.passed(event.sequence)
    }

    /// Reads everything after our cursor from the publisher's outbox.
    public func catchUp() async throws {
        // Unwanted events seen live since the stored cursor need not be read again.
        if let seen = progress.contiguous { try await advanceCursor(to: seen) }
        while true {
            let after = try await lastSequence()
            let reply = try await publisherClient.call(
                PlatformMethods.eventsSince.name,
                EventsSinceRequest(afterSequence: after, limit: 500),
                as: EventsSinceReply.self,
                options: CallOptions(principal: caller)
            )
            let missed = reply.missed(after: after)
            if missed > 0 {
                // Pruned by the publisher's retention before we caught up: lost to this consumer.
                logger.error(
                    "events from \(source) after #\(after) were pruned before this consumer read them: \(missed) event(s) missed, continuing from #\(reply.oldestSequence)"
                )
            }
            for event in reply.events where wants(event) { _ = try await handleOnce(event) }
            if let last = reply.events.last { try await advanceCursor(to: last.sequence) }
            if reply.events.count < 500 {
                progress.caughtUp(through: reply.events.last?.sequence ?? after)
                return
            }
        }
    }

    /// Whether the handler wants the event's topic.
    func wants(_ event: Event) -> Bool {
        guard let topicPrefixes else { return true }
        return topicPrefixes.contains { event.topic.hasPrefix($0) }
    }

    /// Moves the cursor to `sequence` (never back): everything up to it was handled or unwanted.
    private func advanceCursor(to sequence: Int64) async throws {
        _ = try await database.pool.execute(
            """
            INSERT INTO \(identifier: database.schema).event_cursors (source, last_sequence) VALUES (\(source), \(sequence))
            ON CONFLICT (source) DO UPDATE SET last_sequence = greatest(event_cursors.last_sequence, excluded.last_sequence)
            """
        )
    }

    /// Returns false when the event id was handled before.
    @discardableResult
    public func handleOnce(_ event: Event) async throws -> Bool {
        let schema = database.schema
        return try await database.pool.transaction { tx in
            let inserted = try await tx.execute(
                """
                INSERT INTO \(identifier: schema).processed_events (event_id, topic) VALUES (\(event.id), \(event.topic))
                ON CONFLICT DO NOTHING
                """
            )
            try await tx.execute(
                """
                INSERT INTO \(identifier: schema).event_cursors (source, last_sequence) VALUES (\(source), \(event.sequence))
                ON CONFLICT (source) DO UPDATE SET last_sequence = greatest(event_cursors.last_sequence, excluded.last_sequence)
                """
            )
            guard inserted == 1 else { return false }
            try await handler(event, tx)
            return true
        }
    }

    private func lastSequence() async throws -> Int64 {
        let rows = try await database.pool.query(
            """
            SELECT last_sequence FROM \(identifier: database.schema).event_cursors WHERE source = \(source)
            """
        )
        return try rows.first?.decode("last_sequence", as: Int64.self) ?? 0
    }
}
