import Bus
import Foundation
import Logging
import TestSupport
import XCTest

/// Request/reply and publish/subscribe over real nanomsg sockets.
final class TransportTests: XCTestCase {
    private let logger: Logger = {
        var logger = Logger(label: "bus-test")
        logger.logLevel = .warning
        return logger
    }()

    private static let echo: @Sendable ([UInt8]) async -> [UInt8] = { $0 }

    // MARK: Request/reply

    func testRoundTripOverIPC() async throws {
        try await assertRoundTrips(url: ipcURL())
    }

    func testRoundTripOverTCP() async throws {
        let (responder, url) = try makeResponder(urls: { tcpURL() }, handler: Self.echo)
        try await assertRoundTrips(responder: responder, url: url)
    }

    func testManyConcurrentRequestsAreHandledInParallel() async throws {
        let gauge = Gauge()
        let (responder, url) = try makeResponder(urls: { ipcURL() }) { body in
            await gauge.enter()
            try? await Task.sleep(for: .milliseconds(50))
            await gauge.leave()
            return body
        }
        try await withServing(responder) { _ in
            try await withClosing(try Requester(urls: [url], logger: logger)) { requester in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<64 {
                        group.addTask {
                            let body = Array("call \(index)".utf8)
                            let reply = try await requester.request(body, timeout: .seconds(20))
                            XCTAssertEqual(reply, body)
                        }
                    }
                    try await group.waitForAll()
                }
                let maxInFlight = await gauge.maximum
                XCTAssertGreaterThanOrEqual(maxInFlight, 16)
            }
        }
    }

    func testSlowHandlerExceedsDeadlineAndLateReplyIsDropped() async throws {
        let gauge = Gauge()
        let (responder, url) = try makeResponder(urls: { ipcURL() }) { body in
            if body == Array("slow".utf8) {
                try? await Task.sleep(for: .milliseconds(500))
                await gauge.leave()
            }
            return body
        }
        try await withServing(responder) { _ in
            try await withClosing(try Requester(urls: [url], logger: logger)) { requester in
                await XCTAssertThrowsBusError(.deadlineExceeded) {
                    _ = try await requester.request(Array("slow".utf8), timeout: .milliseconds(100))
                }
                // Let the late reply reach the requester before the next call could pick it up by mistake.
                for _ in 0..<300 where await gauge.finished == 0 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await Task.sleep(for: .milliseconds(50))
                let reply = try await requester.request(Array("fast".utf8), timeout: .seconds(5))
                XCTAssertEqual(reply, Array("fast".utf8))
            }
        }
    }

    func testRequestWithoutResponder_isUnreachableAtItsDeadline() async throws {
        try await withClosing(try Requester(urls: [ipcURL()], logger: logger)) { requester in
            await XCTAssertThrowsBusError(.unreachable) {
                _ = try await requester.request([1, 2, 3], timeout: .milliseconds(200))
            }
        }
    }

    func testOversizedBodyIsRefusedWithoutSending() async throws {
        let received = Recorder<Int>()
        let (responder, url) = try makeResponder(urls: { ipcURL() }) { body in
            await received.append(body.count)
            return body
        }
        try await withServing(responder) { _ in
            try await withClosing(try Requester(urls: [url], maxMessageSize: 1024, logger: logger)) { requester in
                await XCTAssertThrowsBusError(.messageTooLarge(size: 2048, limit: 1024)) {
                    _ = try await requester.request([UInt8](repeating: 7, count: 2048), timeout: .seconds(5))
                }
                let reply = try await requester.request([UInt8](repeating: 1, count: 1024), timeout: .seconds(5))
                XCTAssertEqual(reply.count, 1024)
                let sizes = await received.items
                XCTAssertEqual(sizes, [1024])
            }
        }
    }

    func testStopWaitsForInFlightHandlers() async throws {
        let gauge = Gauge()
        let (responder, url) = try makeResponder(urls: { ipcURL() }) { _ in
            await gauge.enter()
            try? await Task.sleep(for: .milliseconds(300))
            await gauge.leave()
            return Array("done".utf8)
        }
        try await withServing(responder) { responder in
            try await withClosing(try Requester(urls: [url], logger: logger)) { requester in
                let call = Task { try await requester.request([], timeout: .seconds(10)) }
                for _ in 0..<500 where await gauge.maximum == 0 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let started = await gauge.maximum
                XCTAssertEqual(started, 1)
                await responder.stop()
                let finished = await gauge.finished
                XCTAssertEqual(finished, 1, "stop() returned before the in-flight handler finished")
                let reply = try await call.value
                XCTAssertEqual(reply, Array("done".utf8))
                await responder.stop()  // idempotent
            }
        }
    }

    func testRequesterLoadBalancesAcrossResponders() async throws {
        let first = Recorder<Int>()
        let second = Recorder<Int>()
        let (responderA, urlA) = try makeResponder(urls: { ipcURL() }) { body in
            await first.append(1)
            return body
        }
        let (responderB, urlB) = try makeResponder(urls: { ipcURL() }) { body in
            await second.append(1)
            return body
        }
        try await withServing(responderA) { _ in
            try await withServing(responderB) { _ in
                try await withClosing(try Requester(urls: [urlA, urlB], logger: logger)) { requester in
                    for _ in 0..<200 {
                        _ = try await requester.request([1], timeout: .seconds(5))
                        if await first.count > 0, await second.count > 0 { break }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    let countA = await first.count
                    let countB = await second.count
                    XCTAssertGreaterThan(countA, 0)
                    XCTAssertGreaterThan(countB, 0)
                }
            }
        }
    }

    func testCancellationResumesCallerWithCancellationError() async throws {
        let (responder, url) = try makeResponder(urls: { ipcURL() }) { body in
            try? await Task.sleep(for: .milliseconds(500))
            return body
        }
        try await withServing(responder) { _ in
            try await withClosing(try Requester(urls: [url], logger: logger)) { requester in
                let call = Task { try await requester.request([1], timeout: .seconds(30)) }
                try await Task.sleep(for: .milliseconds(50))
                call.cancel()
                do {
                    _ = try await call.value
                    XCTFail("expected CancellationError")
                } catch {
                    XCTAssertTrue(error is CancellationError, "got \(error)")
                }
            }
        }
    }

    func testCloseFailsPendingCallsAndLaterCalls() async throws {
        try await withClosing(try Requester(urls: [ipcURL()], logger: logger)) { requester in
            let call = Task { try await requester.request([1], timeout: .seconds(30)) }
            try await Task.sleep(for: .milliseconds(50))
            requester.close()
            do {
                _ = try await call.value
                XCTFail("expected BusError.closed")
            } catch {
                XCTAssertEqual(error as? BusError, .closed)
            }
            await XCTAssertThrowsBusError(.closed) {
                _ = try await requester.request([1], timeout: .seconds(1))
            }
            requester.close()  // idempotent
        }
    }

    // MARK: Publish/subscribe

    func testSubscriberGetsOnlyItsTopicPrefix() async throws {
        let url = ipcURL()
        try await withClosing(try Publisher(url: url, logger: logger)) { publisher in
            try await withClosing(try Subscriber(urls: [url], topicPrefixes: ["loyalty."], logger: logger)) { subscriber in
                let received = Recorder<BusMessage>()
                let consumer = Task {
                    for await message in subscriber.messages { await received.append(message) }
                }
                let earned = BusMessage(topic: "loyalty.earned", payload: [1, 2, 3])
                // PUB drops everything published before the subscription is connected: publish until it arrives.
                for _ in 0..<200 {
                    try publisher.publish(topic: "markets.bet", payload: [9])
                    try publisher.publish(topic: earned.topic, payload: earned.payload)
                    try await Task.sleep(for: .milliseconds(20))
                    if await received.count > 0 { break }
                }
                let messages = await received.items
                XCTAssertFalse(messages.isEmpty, "no event arrived")
                XCTAssertTrue(messages.allSatisfy { $0 == earned }, "unexpected messages: \(messages)")
                subscriber.close()
                await consumer.value  // the stream finishes on close
                publisher.close()
                XCTAssertThrowsError(try publisher.publish(topic: "loyalty.earned", payload: [])) { error in
                    XCTAssertEqual(error as? BusError, .closed)
                }
            }
        }
    }

    // MARK: Helpers

    private func assertRoundTrips(url: String) async throws {
        let (responder, url) = try makeResponder(urls: { url }, handler: Self.echo)
        try await assertRoundTrips(responder: responder, url: url)
    }

    private func assertRoundTrips(responder: Responder, url: String) async throws {
        try await withServing(responder) { _ in
            try await withClosing(try Requester(urls: [url], logger: logger)) { requester in
                let big = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                for body in [[], Array("hello".utf8), big] {
                    let reply = try await requester.request(body, timeout: .seconds(10))
                    XCTAssertEqual(reply.count, body.count)
                    XCTAssertTrue(reply == body, "reply differs for a \(body.count)-byte body")
                }
            }
        }
    }

    /// Binds a responder, trying a few urls: a random tcp port may be taken.
    private func makeResponder(
        urls: () -> String,
        handler: @escaping @Sendable ([UInt8]) async -> [UInt8]
    ) throws -> (Responder, String) {
        var lastError: (any Error)?
        for _ in 0..<10 {
            let url = urls()
            do {
                return (try Responder(url: url, logger: logger, handler: handler), url)
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }
}

private func ipcURL() -> String { "ipc:///tmp/bus-test-\(UUID().uuidString).ipc" }

private func tcpURL() -> String { "tcp://127.0.0.1:\(Int.random(in: 20_000...60_000))" }

private func XCTAssertThrowsBusError(
    _ expected: BusError,
    _ body: () async throws -> Void,
    file: StaticString = #filePath,
    line: UInt = #line
) async {
    do {
        try await body()
        XCTFail("expected \(expected), nothing thrown", file: file, line: line)
    } catch {
        XCTAssertEqual(error as? BusError, expected, "got \(error)", file: file, line: line)
    }
}

/// Counts handlers running at once.
private actor Gauge {
    private(set) var current = 0
    private(set) var maximum = 0
    private(set) var finished = 0

    func enter() {
        current += 1
        maximum = max(maximum, current)
    }

    func leave() {
        current -= 1
        finished += 1
    }
}

/// Collects what handlers or consumers saw.
private actor Recorder<Item: Sendable> {
    private(set) var items: [Item] = []
    var count: Int { items.count }
    func append(_ item: Item) { items.append(item) }
}
