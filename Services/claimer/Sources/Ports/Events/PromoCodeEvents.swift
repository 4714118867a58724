import Bus
import Contracts
import Foundation
import Logging
import ServiceKit
import Store

/// code-inventory's `promo_code_created` events in: an active code is enqueued for every user
/// with a key on file, as the original claimer claimed eligible promo codes on its own.
struct PromoCodeEvents: Sendable {
    let queue: ClaimQueue
    /// `<publisher>.promo_code_created`.
    let topic: String
    let logger: Logger

    /// The consumer of the replicas of `publisher` (code-inventory, or a test's own) at
    /// `eventsURLs`, catching up from its outbox over `rpcURLs` at start, on a gap and every
    /// `catchUpInterval`. Its cursor is named after the publisher and kept in the claimer's
    /// database: every claimer replica shares it.
    static func consumer(
        publisher: String,
        queue: ClaimQueue,
        database: ServiceDatabase,
        eventsURLs: [String],
        rpcURLs: [String],
        catchUpInterval: Duration,
        logger: Logger
    ) throws -> EventConsumer {
        let topic = "\(publisher).promo_code_created"
        // Every topic of the publisher: its events share one sequence, and the consumer needs all
        // of it to tell a real gap from the events of other topics (it keeps only `topic`).
        let subscriber = try Subscriber(urls: eventsURLs, topicPrefixes: ["\(publisher)."], logger: logger)
        let client = try RPCClient(service: publisher, urls: rpcURLs, logger: logger)
        let events = PromoCodeEvents(queue: queue, topic: topic, logger: logger)
        return EventConsumer(
            source: publisher,
            subscriber: subscriber,
            publisherClient: client,
            database: database,
            caller: .service("claimer"),
            catchUpInterval: catchUpInterval,
            topicPrefixes: [topic],
            logger: logger
        ) { event, tx in
            try await events.handle(event, tx)
        }
    }

    /// Enqueues the announced code unless it is inactive, already over or not a claimable code.
    func handle(_ event: Event, _ tx: Transaction) async throws {
        guard event.topic == topic else { return }
        let created = try PromoCodeCreated(serializedBytes: Array(event.payload))
        guard let promo = created.promoCode, promo.active else { return }
        if let until = Timestamps.parse(promo.validUntil), until <= Date() { return }
        guard ClaimRules.code(promo.code) == nil else {
            logger.warning("promo code \(promo.code) from code-inventory is not claimable here: skipped")
            return
        }
        let enqueued = try await queue.enqueueForKeyHolders(code: promo.code, in: tx)
        logger.info("promo code \(promo.code) enqueued for \(enqueued) user(s)")
    }

    /// Comma-separated URLs (one per replica) as a list.
    static func urls(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
