import Foundation
import TestSupport
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Every port the real executables listen on (each service's RPC, events and HTTP port, the gateway's
/// HTTP port, a pos-agent's HTTP port) is fed raw TCP from a hostile peer (`PortProbe.all`: broken
/// SP handshakes, valid handshakes as every socket type followed by odd messages, over-limit and
/// absurd lengths, frames cut short): afterwards every process is still running and answering.
final class PortFuzzEndToEndTests: XCTestCase {
    /// Ports 18980–18996, 18999 and the services' HTTP ports 19001–19005; no other test uses them.
    static let base = 18980
    static let agentPort = 18999

    func test_everyListeningPort_givenHostileBytes_staysUpAndAnswers() async throws {
        let exchange = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-portfuzz-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: exchange, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: exchange) }
        // No Swift backtracer: an aborted process then exits at once and its ports refuse the next probe,
        // which names the culprit (symbolicating a debug build keeps a dead process "running" for seconds).
        try await withCluster(
            base: Self.base,
            databaseURL: ReadinessEndToEndTests.databaseURL,
            extra: [
                "GATEWAY_RATE_LIMIT_PER_SECOND": "100000", "GATEWAY_RATE_LIMIT_BURST": "100000",
                "LOG_LEVEL": "warning", "SWIFT_BACKTRACE": "enable=no",
            ]
        ) { cluster in
            try cluster.startAll()
            let ready = await cluster.waitForReadiness { status, _ in status == 200 }
            XCTAssertEqual(ready?.0, 200, "\(ready?.1 ?? [:])")
            let admin = try await cluster.token(subject: "e2e-port-fuzz", roles: ["admin"])
            let apiKey = try await createStore(cluster, admin: admin, name: "Port fuzz till")
            try cluster.start(
                "pos-agent",
                extra: [
                    "STORE_ID": apiKey.storeId, "STORE_NAME": "Port fuzz till", "BACKEND_URL": "http://127.0.0.1:\(Self.base)",
                    "STORE_API_KEY": apiKey.key, "EXCHANGE_DIR": exchange.path, "PORT": String(Self.agentPort),
                ]
            )
            var agentUp = false
            for _ in 0..<150 where !agentUp {
                agentUp = (try? await status(of: "http://127.0.0.1:\(Self.agentPort)/status")) == 200
                if !agentUp { try await Task.sleep(for: .milliseconds(200)) }
            }
            XCTAssertTrue(agentUp, "pos-agent answering /status:\n\(cluster.log("pos-agent"))")

            // Which process owns which port: for a process that died, the probes last sent to its ports name the culprit.
            var owners = [(port: Self.base, name: "gateway"), (port: Self.agentPort, name: "pos-agent")]
            for (index, service) in Cluster.services.enumerated() {
                owners += [
                    (port: Self.base + 1 + index, name: service), (port: Self.base + 11 + index, name: service),
                    (port: Cluster.httpPort(base: Self.base, service: service), name: service),
                ]
            }
            // FUZZ_SEED picks another fixed sequence (to explore, or to replay a failure).
            let seed = ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_9047
            // Just over RPC_MAX_MESSAGE_BYTES (+ the 1 KiB the SP header may take) and over nanomsg's 1 MiB default.
            let probes = PortProbe.all(seed: seed, overLimitLengths: [4 << 20 + 1024 + 1, 1 << 20 + 1])
            let played = await Self.play(probes, against: owners) { name in cluster.processes[name]?.isRunning == true }

            try await Task.sleep(for: .seconds(1))
            for (name, process) in cluster.processes.sorted(by: { $0.key < $1.key }) {
                let log = cluster.log(name)
                XCTAssertTrue(
                    process.isRunning && !log.contains("Assertion failed"),
                    """
                    \(name) \(process.isRunning ? "asserted" : "exited (status \(process.terminationStatus))"); last sent to its ports: \
                    \(owners.filter { $0.name == name }.map { "\($0.port): \(played[$0.port]?.last ?? "nothing")" }.joined(separator: "; "))
                    \(log.suffix(3000))
                    """
                )
            }
            for owner in owners {
                XCTAssertEqual(played[owner.port]?.count, probes.count, "\(owner.name) on \(owner.port) took every probe")
            }
            let after = await cluster.waitForReadiness(tries: 50) { status, _ in status == 200 }
            XCTAssertEqual(after?.0, 200, "every service still ready: \(after?.1 ?? [:])")
            for service in Cluster.services {
                let (status, health) = try await cluster.get("/api/health/\(service)")
                XCTAssertEqual(status, 200, "\(service): \(health)")
            }
            // A real call that writes: loyalty, its database and the gateway in between still work.
            _ = try await createStore(cluster, admin: admin, name: "Port fuzz till 2")
            let agentStatus = try await status(of: "http://127.0.0.1:\(Self.agentPort)/status")
            XCTAssertEqual(agentStatus, 200, "pos-agent still answering")
        }
    }

    /// Plays every probe against every port, one thread per port, until the port's process is gone.
    /// Returns, per port, how many probes it took and the last one: for a process that died, one
    /// of its ports' last probes (or the one just before) killed it.
    private static func play(
        _ probes: [PortProbe],
        against owners: [(port: Int, name: String)],
        isAlive: @escaping @Sendable (String) -> Bool
    ) async -> [Int: (count: Int, last: String)] {
        let played = Played()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for owner in owners {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    for probe in probes {
                        guard isAlive(owner.name) else { return }
                        // A refused connection: the process is gone (or going), the probe before did it.
                        guard probe.run(port: owner.port) else { return }
                        played.record(owner.port, probe.name)
                    }
                }
            }
            group.notify(queue: .global()) { continuation.resume() }
        }
        return played.values
    }

    private func createStore(_ cluster: Cluster, admin: String, name: String) async throws -> (storeId: String, key: String) {
        let (status, store) = try await cluster.request("POST", "/api/admin/stores", token: admin, json: ["name": name])
        XCTAssertEqual(status, 201, "\(store)")
        return (String(try XCTUnwrap(store["id"] as? Int)), try XCTUnwrap(store["apiKey"] as? String))
    }

    private func status(of url: String) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// Probes played per port (how many, the last one), recorded from the ports' threads.
    private final class Played: @unchecked Sendable {  // every access to `storage` holds `lock`
        private let lock = NSLock()
        private var storage: [Int: (count: Int, last: String)] = [:]

        var values: [Int: (count: Int, last: String)] { lock.withLock { storage } }

        func record(_ port: Int, _ probe: String) {
            lock.withLock { storage[port] = ((storage[port]?.count ?? 0) + 1, probe) }
        }
    }
}
