import Contracts
import Foundation
import Logging
import Synchronization
import TestSupport
import XCTest

@testable import Bus

/// A caller of several replicas: endpoints and names, load spread, calls that survive a replica.
final class ReplicaTests: XCTestCase {
    /// One replica: answers `Who` with its name after `delayMs` (of the request's `sleepMs`).
    private func replica(_ name: String, url: String, served: Counter) throws -> RPCServer {
        let router = RPCRouter(logger: RPCTestSupport.logger())
        router.register("Who") { (request: EchoRequest, _) in
            served.add(name)
            if request.sleepMs > 0 { try await Task.sleep(for: .milliseconds(request.sleepMs)) }
            return EchoReply(text: name)
        }
        return try RPCServer(url: url, router: router, maxMessageSize: 1 << 20, maxConcurrent: 64, logger: RPCTestSupport.logger())
    }

    /// Serves `names.count` replicas on ipc URLs and runs `body` with the servers and their URLs.
    private func withReplicas(
        _ names: [String],
        _ body: ([RPCServer], [String], Counter) async throws -> Void
    ) async throws {
        let served = Counter()
        let urls = names.map { _ in RPCTestSupport.ipcURL() }
        let servers = try zip(names, urls).map { try replica($0, url: $1, served: served) }
        for server in servers { server.start() }
        do {
            try await body(servers, urls, served)
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
        for server in servers { await server.stop() }
    }

    private func client(_ urls: [String], resolver: AddressResolver = AddressResolver()) throws -> RPCClient {
        try RPCClient(service: "test", urls: urls, refreshInterval: .seconds(3600), resolver: resolver, logger: RPCTestSupport.logger())
    }

    private func waitConnected(_ client: RPCClient, _ count: Int) async throws {
        try await eventually("\(count) replicas connected", timeout: .seconds(5)) {
            client.replicaURLs.count == count
        }
        // A fresh socket connects asynchronously: let every connection settle.
        try await Task.sleep(for: .milliseconds(200))
    }

    // MARK: - endpoints

    func test_endpointSetting_isACommaList_ofURLsAndNames() {
        XCTAssertEqual(
            Endpoint.list("tcp://loyalty-bus:7101, ipc:///tmp/a.ipc,tcp://10.0.0.7:7101,tcp://*:7101,tcp://[::1]:7101"),
            [
                .name(host: "loyalty-bus", port: 7101), .fixed("ipc:///tmp/a.ipc"), .fixed("tcp://10.0.0.7:7101"),
                .fixed("tcp://*:7101"), .fixed("tcp://[::1]:7101"),
            ]
        )
        XCTAssertEqual(Endpoint.list(["tcp://a:1,tcp://b:2", "ipc:///x"]).count, 3)
        XCTAssertEqual(Endpoint.list(" , "), [])
    }

    func test_aName_standsForEveryAddressDNSGivesIt() {
        let resolver = AddressResolver { host in host == "svc" ? ["10.0.0.2", "10.0.0.1"] : [] }
        XCTAssertEqual(
            resolver.urls(Endpoint.list("tcp://svc:7101,ipc:///tmp/x.ipc,tcp://gone:1")),
            ["tcp://10.0.0.2:7101", "tcp://10.0.0.1:7101", "ipc:///tmp/x.ipc"]
        )
        XCTAssertEqual(AddressResolver.systemLookup("localhost"), ["127.0.0.1"])
        XCTAssertEqual(AddressResolver.systemLookup("no-such-host.invalid"), [])
    }

    // MARK: - spreading and surviving

    func test_callsSpreadOverEveryReplica() async throws {
        try await withReplicas(["a", "b", "c"]) { _, urls, served in
            try await withClosing(try client([urls.joined(separator: ",")])) { client in
                try await waitConnected(client, 3)
                for _ in 0..<300 {
                    _ = try await client.call("Who", EchoRequest(), as: EchoReply.self)
                }
                for name in ["a", "b", "c"] {
                    XCTAssertGreaterThan(served.count(name), 50, "replica \(name) served \(served.count(name)) of 300")
                }
            }
        }
    }

    func test_aReplicaThatDiesMidCall_aKeyedCallIsAnsweredByAnother_anUnkeyedOneIsToldItMayHaveRun() async throws {
        try await withReplicas(["a", "b"]) { servers, urls, served in
            try await withClosing(try client(urls)) { client in
                try await waitConnected(client, 2)
                // Both slow: whichever replica takes the first attempt is the one that dies.
                let keyed = Task {
                    try await client.call(
                        "Who",
                        EchoRequest(sleepMs: 1500),
                        as: EchoReply.self,
                        options: CallOptions(idempotencyKey: "k-1", timeout: .seconds(8))
                    )
                }
                try await eventually("the keyed call is in flight") { served.total == 1 }
                let first = served.names.first!
                servers[first == "a" ? 0 : 1].closeImmediately()
                let answer = try await keyed.value
                XCTAssertNotEqual(answer.text, first, "answered by the survivor")
                XCTAssertEqual(served.total, 2, "sent once more, to the other replica")

                // An unkeyed write on a dying replica: not sent again, its caller is told.
                let survivor = servers[first == "a" ? 1 : 0]
                let unkeyed = Task {
                    await client.callRaw(
                        "Who",
                        body: try EchoRequest(sleepMs: 1500).serializedBytes(),
                        options: CallOptions(timeout: .seconds(8))
                    )
                }
                try await eventually("the unkeyed call is in flight") { served.total == 3 }
                survivor.closeImmediately()
                let reply = try await unkeyed.value
                XCTAssertEqual(reply.status, .unavailable)
                XCTAssertEqual(reply.reason, RPCClient.connectionLostReason)
            }
        }
    }

    func test_aHungReplica_aReadIsAnsweredByAnotherWithinTheDeadline_andTheHungOneIsAvoided() async throws {
        let served = Counter()
        let hungURL = RPCTestSupport.ipcURL()
        // A peer that takes calls and never answers (a stopped process).
        let hung = try Responder(
            url: hungURL,
            maxMessageSize: 1 << 20,
            maxConcurrent: 8,
            logger: RPCTestSupport.logger(),
            drainingReply: []
        ) { _ in
            served.add("hung")
            try? await Task.sleep(for: .seconds(5))
            return []
        }
        let liveURL = RPCTestSupport.ipcURL()
        try await withServing(hung) { _ in
            try await withServing(try replica("live", url: liveURL, served: served)) { _ in
                try await withClosing(try client([hungURL, liveURL])) { client in
                    try await waitConnected(client, 2)
                    let started = ContinuousClock.now
                    for _ in 0..<4 {
                        let answer = try await client.call(
                            "Who",
                            EchoRequest(),
                            as: EchoReply.self,
                            options: CallOptions(timeout: .seconds(4), readOnly: true)
                        )
                        XCTAssertEqual(answer.text, "live")
                    }
                    XCTAssertEqual(served.count("hung"), 1, "after one miss the hung replica is avoided")
                    XCTAssertLessThan(ContinuousClock.now - started, .seconds(4), "the deadline of one call, not of each")
                }
            }
        }
    }

    func test_aReplicaAddedToDNS_receivesCalls_andOneGoneFromIt_receivesNone() async throws {
        let port = Int.random(in: 20_000..<30_000)
        let addresses = Mutex(["127.0.0.1"])
        let resolver = AddressResolver { host in host == "svc" ? addresses.withLock { $0 } : [] }
        let served = Counter()
        try await withServing(try replica("one", url: "tcp://127.0.0.1:\(port)", served: served)) { _ in
            try await withServing(try replica("two", url: "tcp://127.0.0.2:\(port)", served: served)) { _ in
                try await withClosing(try client(["tcp://svc:\(port)"], resolver: resolver)) { client in
                    try await waitConnected(client, 1)
                    for _ in 0..<20 { _ = try await client.call("Who", EchoRequest(), as: EchoReply.self) }
                    XCTAssertEqual(served.count("two"), 0)

                    addresses.withLock { $0 = ["127.0.0.1", "127.0.0.2"] }
                    client.refreshReplicas()
                    try await waitConnected(client, 2)
                    for _ in 0..<40 { _ = try await client.call("Who", EchoRequest(), as: EchoReply.self) }
                    XCTAssertGreaterThan(served.count("two"), 5, "the new replica takes its share")

                    addresses.withLock { $0 = ["127.0.0.2"] }
                    client.refreshReplicas()
                    let before = served.count("one")
                    for _ in 0..<20 { _ = try await client.call("Who", EchoRequest(), as: EchoReply.self) }
                    XCTAssertEqual(served.count("one"), before, "a replica gone from DNS gets nothing more")
                }
            }
        }
    }

    func test_aSubscriber_hearsEveryPublisherANameStandsFor() async throws {
        let port = Int.random(in: 30_000..<40_000)
        let resolver = AddressResolver { host in host == "events" ? ["127.0.0.1", "127.0.0.3"] : [] }
        let one = try Publisher(url: "tcp://127.0.0.1:\(port)", logger: RPCTestSupport.logger())
        let two = try Publisher(url: "tcp://127.0.0.3:\(port)", logger: RPCTestSupport.logger())
        defer {
            one.close()
            two.close()
        }
        let subscriber = try Subscriber(
            urls: ["tcp://events:\(port)"],
            topicPrefixes: ["t."],
            resolver: resolver,
            logger: RPCTestSupport.logger()
        )
        try await withClosing(subscriber) { subscriber in
            XCTAssertEqual(subscriber.urls.count, 2)
            let heard = Mutex(Set<String>())
            let reader = Task {
                for await message in subscriber.messages { heard.withLock { _ = $0.insert(message.topic) } }
            }
            defer { reader.cancel() }
            try await eventually("both publishers heard", timeout: .seconds(10)) {
                try one.publish(topic: "t.one", payload: [1])
                try two.publish(topic: "t.two", payload: [2])
                return heard.withLock { $0 } == ["t.one", "t.two"]
            }
        }
    }
}

/// Calls served, by replica name.
final class Counter: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    private let order = Mutex<[String]>([])
    func add(_ name: String) {
        counts.withLock { $0[name, default: 0] += 1 }
        order.withLock { $0.append(name) }
    }
    func count(_ name: String) -> Int { counts.withLock { $0[name, default: 0] } }
    var total: Int { counts.withLock { $0.values.reduce(0, +) } }
    var names: [String] { order.withLock { $0 } }
}
