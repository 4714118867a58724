import Bus
import Contracts
import Foundation
import Logging
import Synchronization
import TestSupport
import XCTest

/// loyalty, markets and code-inventory as replicas behind two gateways, the real executables: calls spread over every
/// replica; a replica killed, every replica restarted in turn and a replica added, all under a
/// load of earns, each sent with an `Idempotency-Key` until answered — and the balances show no
/// earn lost and none applied twice.
final class ReplicasEndToEndTests: XCTestCase {
    static let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:55433/postgres"
    static let botToken = "424242:e2e-replicas-bot-token"
    static let base = 19400
    /// Four endpoints listed for the callers; three replicas run at first, the fourth joins later.
    static let slots = 4

    static func rpcURL(_ replica: Int) -> String { "tcp://127.0.0.1:\(base + 40 + replica)" }
    static func eventsURL(_ replica: Int) -> String { "tcp://127.0.0.1:\(base + 50 + replica)" }
    /// markets and code-inventory run three replicas each too (ports base+70… and base+80…).
    static let others = [("markets", 70), ("code-inventory", 80)]
    static func rpcURL(_ service: String, _ replica: Int) -> String {
        "tcp://127.0.0.1:\(base + others.first { $0.0 == service }!.1 + replica)"
    }
    static func eventsURL(_ service: String, _ replica: Int) -> String {
        "tcp://127.0.0.1:\(base + others.first { $0.0 == service }!.1 + 5 + replica)"
    }

    private func startReplica(_ cluster: Cluster, _ replica: Int) throws {
        try cluster.start(
            "loyalty-\(replica)",
            binary: "loyalty",
            extra: [
                "LOYALTY_RPC_BIND": Self.rpcURL(replica), "LOYALTY_EVENTS_BIND": Self.eventsURL(replica),
                "LOYALTY_HTTP_ADDRESS": "127.0.0.1:\(Self.base + 60 + replica)",
            ]
        )
    }

    /// Earns answered by replica `replica` so far (its own `Metrics`, asked over the bus directly).
    private func earnsServed(by replica: Int) async throws -> Int {
        try await served("Earn", at: Self.rpcURL(replica))
    }

    /// Calls of `method` a process answered OK so far (its own `Metrics`, asked over the bus directly).
    private func served(_ method: String, at url: String) async throws -> Int {
        try await withClosing(try RPCClient(service: "e2e", urls: [url], logger: Logger(label: "e2e"))) { client in
            let metrics = try await client.call(
                PlatformMethods.metrics,
                MetricsRequest(),
                options: CallOptions(principal: .service("e2e"), timeout: .seconds(10), readOnly: true)
            )
            return metrics.text.split(separator: "\n")
                .filter { $0.contains("requests_total") && $0.contains("method=\"\(method)\"") && $0.contains("status=\"OK\"") }
                .compactMap { Double($0.split(separator: " ").last ?? "") }
                .reduce(0) { $0 + Int($1) }
        }
    }

    func test_replicasShareTheLoad_andSurviveAKillARollingRestartAndANewcomer_withNoEarnLostOrDoubled() async throws {
        let replicas = (1...Self.slots).map(Self.rpcURL).joined(separator: ",")
        let events = (1...Self.slots).map(Self.eventsURL).joined(separator: ",")
        var lists: [String: String] = [:]
        for (service, _) in Self.others {
            let prefix = service.uppercased().replacingOccurrences(of: "-", with: "_")
            lists["\(prefix)_RPC_URL"] = (1...3).map { Self.rpcURL(service, $0) }.joined(separator: ",")
            lists["\(prefix)_EVENTS_URL"] = (1...3).map { Self.eventsURL(service, $0) }.joined(separator: ",")
        }
        try await withCluster(
            base: Self.base,
            databaseURL: Self.databaseURL,
            extra: [
                "TELEGRAM_BOT_TOKEN": Self.botToken, "LOYALTY_RPC_URL": replicas, "LOYALTY_EVENTS_URL": events,
                // Every caller is 127.0.0.1: one bucket would throttle the load this test measures.
                "GATEWAY_RATE_LIMIT_PER_SECOND": "100000", "GATEWAY_RATE_LIMIT_BURST": "100000",
            ].merging(lists) { _, new in new }
        ) { cluster in
            for replica in 1...3 { try startReplica(cluster, replica) }
            for (service, offset) in Self.others {
                let prefix = service.uppercased().replacingOccurrences(of: "-", with: "_")
                for replica in 1...3 {
                    try cluster.start(
                        "\(service)-\(replica)",
                        binary: service,
                        extra: [
                            "\(prefix)_RPC_BIND": Self.rpcURL(service, replica), "\(prefix)_EVENTS_BIND": Self.eventsURL(service, replica),
                            "\(prefix)_HTTP_ADDRESS": "127.0.0.1:\(Self.base + 100 + offset + replica)",
                        ]
                    )
                }
            }
            try cluster.start("gateway")
            try cluster.start("gateway-2", binary: "gateway", extra: ["GATEWAY_PORT": String(Self.base + 9)])
            let gateways = ["http://127.0.0.1:\(Self.base)", "http://127.0.0.1:\(Self.base + 9)"]
            for gateway in gateways {
                for service in ["loyalty", "markets", "code-inventory"] {
                    try await eventually("\(service) healthy through \(gateway)", timeout: .seconds(60), every: .milliseconds(100)) {
                        try await Self.http("GET", "\(gateway)/api/health/\(service)").0 == 200
                    }
                }
            }

            // A store and one customer per worker.
            let admin = try await cluster.token(subject: "e2e-admin", roles: ["admin"])
            let (created, store) = try await Self.http(
                "POST",
                "\(gateways[0])/api/admin/stores",
                headers: ["Authorization": "Bearer \(admin)"],
                json: ["name": "E2E replicas"]
            )
            XCTAssertEqual(created, 201, "\(store)")
            let storeId = try XCTUnwrap(store["id"] as? Int)
            let till = ["x-store-api-key": try XCTUnwrap(store["apiKey"] as? String)]
            var cards: [String] = []
            for worker in 0..<6 {
                let initData = Cluster.initData(
                    botToken: Self.botToken,
                    userId: 7_700_000 + Int64(worker) * 1000 + Int64.random(in: 0...999),
                    name: "R\(worker)"
                )
                let (registered, customer) = try await Self.http(
                    "POST",
                    "\(gateways[worker % 2])/api/customers",
                    headers: ["X-Telegram-Init-Data": initData],
                    json: [:]
                )
                XCTAssertEqual(registered, 201, "\(customer)")
                cards.append(try XCTUnwrap(customer["card"] as? String))
            }

            let load = EarnLoad(gateways: gateways, cards: cards, storeId: storeId, headers: till)
            // Each phase: the load runs while `fault` happens, then stops; every earn it sent was answered.
            func phase(_ name: String, _ fault: () async throws -> Void) async throws {
                let before = load.answered
                let running = Task { await load.run() }
                try await Task.sleep(for: .seconds(1))
                try await fault()
                try await Task.sleep(for: .seconds(1))
                load.stop()
                await running.value
                print("replicas e2e: \(name): \(load.answered - before) earns answered; errors seen by callers so far: \(load.errors)")
                XCTAssertGreaterThan(load.answered, before, "\(name): the load made progress")
            }

            // 1. Spread: every replica serves a share.
            try await phase("spread") {}
            for replica in 1...3 {
                let served = try await earnsServed(by: replica)
                XCTAssertGreaterThan(served, 0, "replica \(replica) served no earn")
                print("replicas e2e: replica \(replica) served \(served) earns")
            }

            // markets and code-inventory: their reads through the gateways spread the same way.
            for _ in 0..<30 {
                for gateway in gateways {
                    _ = try await Self.http("GET", "\(gateway)/api/v1/markets")
                    _ = try await Self.http("GET", "\(gateway)/api/health/code-inventory")
                }
            }
            for replica in 1...3 {
                let markets = try await served("ListMarkets", at: Self.rpcURL("markets", replica))
                let codes = try await served("Health", at: Self.rpcURL("code-inventory", replica))
                print("replicas e2e: markets-\(replica) served \(markets) market lists, code-inventory-\(replica) \(codes) health calls")
                XCTAssertGreaterThan(markets, 0, "markets-\(replica) served no list")
                XCTAssertGreaterThan(codes, 0, "code-inventory-\(replica) served no call")
            }

            // 2. kill -9 of one replica under load.
            try await phase("kill -9 loyalty-2") { cluster.crash("loyalty-2") }
            try startReplica(cluster, 2)

            // 3. A rolling restart: SIGTERM (drain) and a new process, one replica after the other.
            try await phase("rolling restart") {
                for replica in 1...3 {
                    await cluster.stop("loyalty-\(replica)")
                    try startReplica(cluster, replica)
                    try await eventually("loyalty-\(replica) back", timeout: .seconds(30), every: .milliseconds(100)) {
                        (try? await self.earnsServed(by: replica)) != nil
                    }
                }
            }

            // 4. A replica added while running receives calls.
            try startReplica(cluster, 4)
            try await phase("newcomer") {
                try await eventually("the new replica takes earns", timeout: .seconds(30), every: .milliseconds(200)) {
                    try await self.earnsServed(by: 4) > 0
                }
            }

            // Every answered earn counted once: each card's balance is 4% of its earns (100.00 → 4 points).
            for (index, card) in cards.enumerated() {
                let (status, customer) = try await Self.http("GET", "\(gateways[0])/api/customers/\(card)", headers: till)
                XCTAssertEqual(status, 200)
                XCTAssertEqual(
                    customer["balance"] as? Int,
                    load.earned(worker: index) * 4,
                    "card \(card): \(load.earned(worker: index)) earns answered (lost or doubled otherwise)"
                )
            }
            print("replicas e2e: errors seen by callers (each retried with its key until answered): \(load.errors)")
        }
    }

    static func http(
        _ method: String,
        _ url: String,
        headers: [String: String] = [:],
        json: [String: Any]? = nil
    ) async throws -> (Int, [String: Any]) {
        let (status, data) = try await Cluster.http(method, url, headers: headers, json: json)
        return (status, Cluster.object(data))
    }
}

/// Workers earning 100.00 on their own card, alternating gateways, each earn resent with its
/// `Idempotency-Key` until it is answered 200 (as a till would).
final class EarnLoad: Sendable {
    let gateways: [String]
    let cards: [String]
    let storeId: Int
    let headers: [String: String]
    private let state = Mutex<(running: Bool, earned: [Int], errors: [String: Int])>((false, [], [:]))

    init(gateways: [String], cards: [String], storeId: Int, headers: [String: String]) {
        self.gateways = gateways
        self.cards = cards
        self.storeId = storeId
        self.headers = headers
        state.withLock { $0.earned = Array(repeating: 0, count: cards.count) }
    }

    var answered: Int { state.withLock { $0.earned.reduce(0, +) } }
    var errors: [String: Int] { state.withLock { $0.errors } }
    func earned(worker: Int) -> Int { state.withLock { $0.earned[worker] } }
    func stop() { state.withLock { $0.running = false } }

    /// Runs until `stop()`; an earn in progress at the stop is finished first.
    func run() async {
        state.withLock { $0.running = true }
        await withTaskGroup(of: Void.self) { group in
            for worker in cards.indices {
                group.addTask { await self.work(worker) }
            }
        }
    }

    private func work(_ worker: Int) async {
        var turn = worker
        while state.withLock({ $0.running }) {
            let key = UUID().uuidString
            while true {
                turn += 1
                let gateway = gateways[turn % gateways.count]
                var headers = self.headers
                headers["Idempotency-Key"] = key
                let status =
                    (try? await ReplicasEndToEndTests.http(
                        "POST",
                        "\(gateway)/api/cashier/earn",
                        headers: headers,
                        json: ["card": cards[worker], "storeId": storeId, "amount": "100.00"]
                    ))?.0 ?? 0
                if status == 200 {
                    state.withLock { $0.earned[worker] += 1 }
                    break
                }
                state.withLock { $0.errors[String(status), default: 0] += 1 }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}
