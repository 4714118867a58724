import Bus
import Foundation
import Logging
import TestSupport
import XCTest

/// The events socket faces whoever can reach its port. What a peer sends must neither crash the
/// process (a nanomsg assertion aborts it — here, the whole test run) nor reach or disturb the
/// real subscribers. See docs/architecture/bus-hardening.md.
final class HostilePeerTests: XCTestCase {
    private let logger: Logger = {
        var logger = Logger(label: "bus-hostile-test")
        logger.logLevel = .critical  // the publisher warns about every 1,000th dropped message
        return logger
    }()

    func testHostilePeersNeitherCrashThePublisherNorReachItsSubscribers() async throws {
        let (publisher, port) = try makePublisher()
        let url = "tcp://127.0.0.1:\(port)"
        try await withClosing(publisher) { publisher in
            try await withClosing(try Subscriber(urls: [url], topicPrefixes: ["loyalty."], logger: logger)) { subscriber in
                let received = Inbox()
                let consumer = Task { for await message in subscriber.messages { await received.append(message) } }
                try await publishUntilReceived(publisher, received, BusMessage(topic: "loyalty.before", payload: [1]))

                // The audit's case first: a SUB handshake and one empty message aborted a PUB publisher.
                XCTAssertTrue(PortProbe("SUB handshake, one empty message", [SPWire.handshake(33), SPWire.frame([])]).run(port: port))
                // Then everything the end-to-end port fuzz sends, with events being published meanwhile.
                let probes = PortProbe.all(seed: 0x5EED_B05, overLimitLengths: [1, 1 << 20 + 1, 4 << 20 + 1025])
                let publishing = Task {
                    var published = 0
                    while !Task.isCancelled {
                        try? publisher.publish(topic: "loyalty.during", payload: Array("\(published)".utf8))
                        published += 1
                        try? await Task.sleep(for: .milliseconds(2))
                    }
                    return published
                }
                // Blocking sockets: on a thread of their own, not one of the few the tasks share.
                let refused = await withCheckedContinuation { (done: CheckedContinuation<[String], Never>) in
                    DispatchQueue.global().async {
                        done.resume(returning: probes.filter { !$0.run(port: port) }.map(\.name))
                    }
                }
                XCTAssertEqual(refused, [], "the port stayed open through every probe")
                publishing.cancel()
                let published = await publishing.value
                try await publishUntilReceived(publisher, received, BusMessage(topic: "loyalty.after", payload: [2]))

                let messages = await received.items
                let foreign = messages.filter { !["loyalty.before", "loyalty.during", "loyalty.after"].contains($0.topic) }
                XCTAssertEqual(foreign, [], "only what the publisher published reaches a subscriber")
                XCTAssertGreaterThan(
                    messages.filter { $0.topic == "loyalty.during" }.count,
                    0,
                    "events kept arriving while \(probes.count) hostile conversations ran (\(published) published)"
                )
                subscriber.close()
                await consumer.value
            }
        }
    }

    func testPublisherDropsAPeerThatSendsAnythingButEmptyMessages() throws {
        let (publisher, port) = try makePublisher()
        defer { publisher.close() }

        let talker = try XCTUnwrap(RawConnection(port: port))
        talker.send(SPWire.handshake(112) + SPWire.frame([]) + SPWire.frame([]) + SPWire.frame([7]))
        XCTAssertTrue(talker.isClosedByPeer(within: 3), "a BUS peer that sends a byte is disconnected")

        let quiet = try XCTUnwrap(RawConnection(port: port))
        quiet.send(SPWire.handshake(112) + SPWire.frame([]) + SPWire.frame([]))
        XCTAssertFalse(quiet.isClosedByPeer(within: 0.5), "empty messages are drained, the peer may stay")

        let sub = try XCTUnwrap(RawConnection(port: port))
        sub.send(SPWire.handshake(33) + SPWire.frame(Array("x".utf8)))
        XCTAssertTrue(sub.isClosedByPeer(within: 3), "a SUB peer fails the handshake")
    }

    func testPublisherCanBeBoundAgainRightAfterClose() throws {
        let (publisher, port) = try makePublisher()
        publisher.close()
        let again = try Publisher(url: "tcp://127.0.0.1:\(port)", logger: logger)
        again.close()
    }

    // MARK: Helpers

    private func makePublisher() throws -> (Publisher, Int) {
        var lastError: (any Error)?
        for _ in 0..<10 {
            let port = Int.random(in: 20_000...60_000)
            do {
                return (try Publisher(url: "tcp://127.0.0.1:\(port)", logger: logger), port)
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }

    /// A subscriber connects asynchronously and misses what is published before: publish until it arrives.
    private func publishUntilReceived(_ publisher: Publisher, _ inbox: Inbox, _ message: BusMessage) async throws {
        for _ in 0..<250 {
            try publisher.publish(topic: message.topic, payload: message.payload)
            try await Task.sleep(for: .milliseconds(20))
            if await inbox.items.contains(message) { return }
        }
        XCTFail("\(message.topic) never arrived")
    }

    /// What the subscriber delivered.
    private actor Inbox {
        private(set) var items: [BusMessage] = []
        func append(_ message: BusMessage) { items.append(message) }
    }
}
