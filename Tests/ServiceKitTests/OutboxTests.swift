import Bus
import Contracts
import Foundation
import Logging
import Store
import Synchronization
import TestSupport
import XCTest

@testable import ServiceKit

final class OutboxTests: XCTestCase {
    private struct Rollback: Error {}

    /// Waits (bounded) until the subscriber's connection is up, using throwaway events.
    private func connect(_ subscriber: Subscriber, _ service: TestService) async throws -> AsyncStream<BusMessage>.Iterator {
        var iterator = subscriber.messages.makeAsyncIterator()
        let ready = Task {
            for _ in 0..<200 {
                try? service.runtime.publisher.publish(topic: "\(service.name).warmup", payload: [])
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        defer { ready.cancel() }
        while let message = await iterator.next() {
            if message.topic.hasSuffix(".warmup") { return iterator }
        }
        throw XCTSkip("subscriber never connected")
    }

    func test_committedEvent_reachesSubscriber_rolledBackNever() async throws {
        try await withTestService { service in
            let subscriber = try Subscriber(
                urls: [service.runtime.config.eventsURL],
                topicPrefixes: ["\(service.name)."],
                logger: Logger(label: "sub")
            )
            defer { subscriber.close() }
            var iterator = try await connect(subscriber, service)
            let outbox = service.runtime.outbox
            let pool = service.runtime.database.pool

            do {
                _ = try await pool.transaction { tx -> Int in
                    try await outbox.enqueue(tx, topic: "\(service.name).rolled_back", payload: [9])
                    throw Rollback()
                }
                XCTFail("transaction should have thrown")
            } catch is Rollback {}
            let committedId = try await pool.transaction { tx in
                try await outbox.enqueue(tx, topic: "\(service.name).committed", payload: [1, 2, 3])
            }
            let published = try await service.runtime.relay.publishBatch()
            XCTAssertEqual(published, 1, "only the committed event is published")

            var received: Event?
            while let message = await iterator.next() {
                if message.topic.hasSuffix(".warmup") { continue }
                received = try Event(serializedBytes: message.payload)
                break
            }
            XCTAssertEqual(received?.topic, "\(service.name).committed")
            XCTAssertEqual(received?.id, committedId.uuidString.lowercased())
            XCTAssertEqual(received?.payload, Data([1, 2, 3]))
            XCTAssertEqual(received?.sequence, 1)
            let rows = try await pool.query("SELECT count(*) AS n FROM \(identifier: service.runtime.config.schema).outbox")
            XCTAssertEqual(try rows.first?.decode("n", as: Int64.self), 1)
        }
    }

    func test_consumer_handlesEachEventOnce_andCatchesUpFromTheOutbox() async throws {
        try await withTestService { publisher in
            try await withTestService { consumer in
                try await withCountingConsumer(of: publisher, into: consumer) { eventConsumer, handled in
                    for index in 0..<3 {
                        _ = try await publisher.runtime.database.pool.transaction { tx in
                            try await publisher.runtime.outbox.enqueue(tx, topic: "\(publisher.name).thing", payload: [UInt8(index)])
                        }
                    }
                    try await publisher.runtime.relay.publishBatch()
                    // Nothing arrived over PUB/SUB (no subscriber was connected): the gap is filled over EventsSince.
                    try await eventConsumer.catchUp()
                    XCTAssertEqual(handled.value, 3)
                    try await eventConsumer.catchUp()
                    XCTAssertEqual(handled.value, 3, "catching up again handles nothing twice")
                    let events = try await publisher.runtime.outbox.events(after: 0, limit: 10, pool: publisher.runtime.database.pool)
                    XCTAssertEqual(events.map(\.sequence), [1, 2, 3])
                    let handledAgain = try await eventConsumer.handleOnce(events[1])
                    XCTAssertFalse(handledAgain, "a redelivered event is skipped")
                    XCTAssertEqual(handled.value, 3)
                }
            }
        }
    }

    func test_consumer_eventsOfOtherTopics_closeTheSequence_andOnlyARealGapAsksThePublisher() async throws {
        try await withTestService { publisher in
            try await withTestService { consumer in
                try await withCountingConsumer(of: publisher, into: consumer, topicPrefixes: ["\(publisher.name).wanted"]) { eventConsumer, handled in
                    /// How often the consumer asked the publisher's outbox (its served EventsSince calls).
                    func asked() -> Int {
                        let line = publisher.runtime.metrics.text().split(separator: "\n")
                            .first { $0.hasPrefix("rpc_requests_total{") && $0.contains(#"method="EventsSince""#) }
                        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
                    }
                    func publish(_ topics: [String]) async throws -> [Event] {
                        let before = try await publisher.runtime.outbox.events(after: 0, limit: 100, pool: publisher.runtime.database.pool).count
                        for topic in topics {
                            _ = try await publisher.runtime.database.pool.transaction { tx in
                                try await publisher.runtime.outbox.enqueue(tx, topic: "\(publisher.name).\(topic)", payload: [1])
                            }
                        }
                        try await publisher.runtime.relay.publishBatch()
                        return Array(
                            try await publisher.runtime.outbox.events(after: Int64(before), limit: 100, pool: publisher.runtime.database.pool)
                        )
                    }
                    try await eventConsumer.catchUp()
                    XCTAssertEqual(asked(), 1)

                    // Live, in order: the unwanted events fill the sequence between the wanted ones.
                    for event in try await publish(["other", "wanted", "other", "other", "wanted"]) { try await eventConsumer.receive(event) }
                    XCTAssertEqual(handled.value, 2)
                    XCTAssertEqual(asked(), 1, "no gap, no call to the publisher")

                    // An event lost on the bus is a real gap: one catch-up fills it.
                    let next = try await publish(["wanted", "wanted"])
                    try await eventConsumer.receive(next[1])
                    XCTAssertEqual(handled.value, 4)
                    XCTAssertEqual(asked(), 2)
                    try await eventConsumer.receive(next[0])
                    XCTAssertEqual(handled.value, 4, "the late copy is not handled twice")

                    // The stored cursor passes the unwanted events at the next catch-up.
                    try await eventConsumer.catchUp()
                    let rows = try await consumer.runtime.database.pool.query(
                        "SELECT last_sequence FROM \(identifier: consumer.runtime.config.schema).event_cursors WHERE source = \(publisher.name)"
                    )
                    XCTAssertEqual(try rows.first?.decode("last_sequence", as: Int64.self), 7)
                }
            }
        }
    }

    func test_relay_numbersInCommitOrder_gapFree_acrossBatches() async throws {
        try await withTestService { service in
            let outbox = service.runtime.outbox
            let pool = service.runtime.database.pool
            let schema = service.runtime.config.schema
            for chunk in 0..<9 {
                _ = try await pool.transaction { tx in
                    for index in 0..<50 {
                        _ = try await outbox.enqueue(tx, topic: "\(service.name).thing", payload: [UInt8(chunk), UInt8(index)])
                    }
                }
            }
            var batches: [Int] = []
            while true {
                let published = try await service.runtime.relay.publishBatch()
                if published == 0 { break }
                batches.append(published)
            }
            XCTAssertEqual(batches, [200, 200, 50])
            let rows = try await pool.query("SELECT sequence, payload FROM \(identifier: schema).outbox ORDER BY created")
            XCTAssertEqual(try rows.map { try $0.decode("sequence", as: Int64.self) }, Array(1...450), "numbered in insertion order, no gaps")
            XCTAssertEqual(try rows.map { try $0.decode("payload", as: [UInt8].self) }.prefix(2), [[0, 0], [0, 1]])
        }
    }

    func test_relays_racingWriters_publishEachEventOnce_withGapFreeSequence() async throws {
        try await withTestService { service in
            let outbox = service.runtime.outbox
            let pool = service.runtime.database.pool
            let relay = service.runtime.relay
            let published = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for index in 0..<40 {
                            _ = try await pool.transaction { tx in
                                try await outbox.enqueue(tx, topic: "\(service.name).thing", payload: [UInt8(writer), UInt8(index)])
                            }
                        }
                    }
                }
                for _ in 0..<3 {
                    group.addTask {
                        for _ in 0..<60 {
                            for _ in 0..<(try await relay.publishBatch()) { published.increment() }
                            try await Task.sleep(for: .milliseconds(2))
                        }
                    }
                }
                try await group.waitForAll()
            }
            while true {
                let count = try await relay.publishBatch()
                if count == 0 { break }
                for _ in 0..<count { published.increment() }
            }
            XCTAssertEqual(published.value, 320, "every event published exactly once")
            let events = try await outbox.events(after: 0, limit: 1_000, pool: pool)
            XCTAssertEqual(events.map(\.sequence), Array(1...320))
            XCTAssertEqual(Set(events.map(\.id)).count, 320)
        }
    }
}

/// A thread-safe counter for handlers.
final class Counter: Sendable {
    private let count = Synchronization.Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
