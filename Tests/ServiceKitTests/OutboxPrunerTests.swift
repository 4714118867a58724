import Bus
import Contracts
import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization
import TestSupport
import XCTest

@testable import ServiceKit

/// Outbox retention: published events older than the retention go, the rest stays, and a late
/// `EventsSince` reader is told what it missed.
final class OutboxPrunerTests: XCTestCase {
    private func publish(_ count: Int, _ service: TestService) async throws {
        for index in 0..<count {
            _ = try await service.runtime.database.pool.transaction { tx in
                try await service.runtime.outbox.enqueue(tx, topic: "\(service.name).thing", payload: [UInt8(index)])
            }
        }
        try await service.runtime.relay.publishBatch()
    }

    /// Makes the events with these sequences look published `days` ago.
    private func age(_ sequences: ClosedRange<Int64>, days: Int, _ service: TestService) async throws {
        try await service.runtime.database.pool.execute(
            """
            UPDATE \(identifier: service.runtime.config.schema).outbox SET published_at = now() - make_interval(days => \(days))
            WHERE sequence BETWEEN \(sequences.lowerBound) AND \(sequences.upperBound)
            """
        )
    }

    private func sequences(_ service: TestService) async throws -> [Int64?] {
        try await service.runtime.database.pool.query(
            """
            SELECT sequence FROM \(identifier: service.runtime.config.schema).outbox ORDER BY created
            """
        ).map { try $0.decode("sequence", as: Int64?.self) }
    }

    func test_prune_deletesOldPublishedEvents_keepsRecentUnpublishedAndNewest_andNumberingGoesOn() async throws {
        try await withTestService { service in
            try await publish(6, service)
            // An event written long ago but not yet published is never pruned.
            _ = try await service.runtime.database.pool.transaction { tx in
                try await service.runtime.outbox.enqueue(tx, topic: "\(service.name).late", payload: [9])
            }
            try await age(1...4, days: 10, service)
            var pruner = service.runtime.pruner
            pruner.batchSize = 3
            let first = try await pruner.pruneOnce()
            XCTAssertEqual(first, 4, "the 7-day retention drops the four 10-day-old events, in batches of 3")
            let afterFirst = try await sequences(service)
            XCTAssertEqual(afterFirst, [5, 6, nil])

            try await age(5...6, days: 10, service)
            let second = try await pruner.pruneOnce()
            XCTAssertEqual(second, 1, "the newest numbered event stays, however old")
            let afterSecond = try await sequences(service)
            XCTAssertEqual(afterSecond, [6, nil])

            try await service.runtime.relay.publishBatch()
            let numbered = try await sequences(service)
            XCTAssertEqual(numbered, [6, 7], "numbering goes on from the kept newest event")
        }
    }

    func test_prune_deletesHandledEventIdsOlderThanTheRetention_keepsRecentOnes() async throws {
        try await withTestService { service in
            let schema = service.runtime.config.schema
            let pool = service.runtime.database.pool
            for (id, days) in [("old-1", 10), ("old-2", 8), ("recent", 1)] {
                try await pool.execute(
                    """
                    INSERT INTO \(identifier: schema).processed_events (event_id, topic, processed_at)
                    VALUES (\(id), 'other.thing', now() - make_interval(days => \(days)))
                    """
                )
            }
            var pruner = service.runtime.pruner
            pruner.batchSize = 1
            try await pruner.pruneOnce()
            let kept = try await pool.query("SELECT event_id FROM \(identifier: schema).processed_events ORDER BY event_id")
                .map { try $0.decode("event_id", as: String.self) }
            XCTAssertEqual(kept, ["recent"], "ids handled more than the 7-day retention ago go, in batches")
        }
    }

    func test_eventsSince_afterPruning_reportsTheOldestKept_andTheConsumerGoesOn() async throws {
        try await withTestService { publisher in
            try await withTestService { consumer in
                try await publish(5, publisher)
                try await age(1...3, days: 8, publisher)
                let pruned = try await publisher.runtime.pruner.pruneOnce()
                XCTAssertEqual(pruned, 3)

                let reply = try await publisher.client.call(
                    "EventsSince",
                    EventsSinceRequest(afterSequence: 0, limit: 10),
                    as: EventsSinceReply.self,
                    options: CallOptions(principal: .service("tests"))
                )
                XCTAssertEqual(reply.events.map(\.sequence), [4, 5])
                XCTAssertEqual(reply.oldestSequence, 4)
                XCTAssertEqual(reply.missed(after: 0), 3)
                XCTAssertEqual(reply.missed(after: 3), 0)
                XCTAssertEqual(EventsSinceReply(events: []).missed(after: 7), 0, "an empty outbox reports nothing missed")

                try await withCountingConsumer(of: publisher, into: consumer) { eventConsumer, handled in
                    try await eventConsumer.catchUp()
                    XCTAssertEqual(handled.value, 2, "what is kept is handled; the pruned events are reported as missed")
                    let cursor = try await consumer.runtime.database.pool.query(
                        """
                        SELECT last_sequence FROM \(identifier: consumer.runtime.config.schema).event_cursors WHERE source = \(publisher.name)
                        """
                    ).first?.decode("last_sequence", as: Int64.self)
                    XCTAssertEqual(cursor, 5)
                }
            }
        }
    }
    func test_pruner_andRelay_stopPromptlyAtGracefulShutdown() async throws {
        try await withTestService { service in
            let group = ServiceGroup(services: [service.runtime.relay, service.runtime.pruner], logger: Logger(label: "group"))
            let stopped = Mutex(false)
            let running = Task {
                try? await group.run()
                stopped.withLock { $0 = true }
            }
            try await Task.sleep(for: .milliseconds(300))
            await group.triggerGracefulShutdown()
            // A hang detector, not a timing figure: the pruner waits an hour between runs.
            for _ in 0..<300 where !stopped.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(100)) }
            XCTAssertTrue(stopped.withLock { $0 }, "the service group did not stop after a graceful shutdown")
            running.cancel()
        }
    }
}
