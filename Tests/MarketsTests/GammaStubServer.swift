import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TestSupport

/// A local stand-in for Polymarket's Gamma API on 127.0.0.1 (ephemeral port): `GET /markets` pages
/// and `GET /markets/{id}` in the Gamma shape (outcomes and prices as JSON-encoded strings). It can
/// be told to answer the next requests with an error status or a 429, and records what it was asked.
final class GammaStubServer: Sendable {
    /// A market in the wire shape.
    struct Market: Sendable {
        var id: String
        var question: String
        var category: String
        var closed: Bool
        var outcomes: [String]
        var prices: [String]

        var json: String {
            func encoded(_ list: [String]) -> String {
                let inner = String(data: try! JSONEncoder().encode(list), encoding: .utf8)!
                return String(data: try! JSONEncoder().encode(inner), encoding: .utf8)!
            }
            return """
                {"id":"\(id)","question":"\(question)","slug":"stub-\(id)","category":"\(category)","endDate":"2027-06-30T12:00:00Z",\
                "active":true,"closed":\(closed),"outcomes":\(encoded(outcomes)),"outcomePrices":\(encoded(prices)),\
                "volume":"1234.5","volumeNum":1234.5,"liquidityNum":99.25}
                """
        }
    }

    private struct State {
        var markets: [Market] = []
        var requests: [String] = []
        /// Statuses to answer the next requests with, in order (429 carries `retryAfter`).
        var failures: [Int] = []
        var retryAfter = 7
        var port = 0
        var running: (group: ServiceGroup, task: Task<Void, any Error>)?
    }

    private let state = Mutex(State())

    init(_ markets: [Market]) {
        state.withLock { $0.markets = markets }
    }

    var url: String { "http://127.0.0.1:\(state.withLock { $0.port })" }
    /// Every request served, as `path?query`.
    var requests: [String] { state.withLock { $0.requests } }

    func failNext(_ statuses: [Int], retryAfter: Int = 7) {
        state.withLock {
            $0.failures += statuses
            $0.retryAfter = retryAfter
        }
    }

    func start() async throws {
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "gamma-stub"),
            onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "gamma-stub")
        )
        let group = ServiceGroup(services: [app], logger: Logger(label: "gamma-stub"))
        let task = Task { try await group.run() }
        var iterator = ready.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        state.withLock {
            $0.port = port
            $0.running = (group, task)
        }
    }

    /// Stops listening gracefully (open connections are closed).
    func stop() async {
        guard
            let running = state.withLock({ state in
                defer { state.running = nil }
                return state.running
            })
        else { return }
        await running.group.triggerGracefulShutdown()
        _ = try? await running.task.value
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/markets") { request, _ in
            if let failure = self.failure(request) { return failure }
            let query = request.uri.queryParameters
            let limit = query.get("limit").flatMap(Int.init) ?? 100
            let offset = query.get("offset").flatMap(Int.init) ?? 0
            let closed = query.get("closed").map { $0 == "true" }
            let listed = self.state.withLock { $0.markets }.filter { closed == nil || $0.closed == closed }
            let start = min(offset, listed.count)
            let page = listed[start..<min(start + limit, listed.count)]
            return Self.json("[" + page.map(\.json).joined(separator: ",") + "]")
        }
        router.get("/markets/:id") { request, context in
            if let failure = self.failure(request) { return failure }
            let id = context.parameters.get("id") ?? ""
            guard let market = self.state.withLock({ $0.markets.first { $0.id == id } }) else { return Response(status: .notFound) }
            return Self.json(market.json)
        }
        return router
    }

    /// Records the request; the next scripted failure, if any.
    private func failure(_ request: Request) -> Response? {
        state.withLock { state in
            state.requests.append(request.uri.description)
            guard !state.failures.isEmpty else { return nil }
            let status = state.failures.removeFirst()
            if status == 429 {
                return Response(status: .tooManyRequests, headers: [.retryAfter: String(state.retryAfter)])
            }
            return Response(status: HTTPResponse.Status(code: status))
        }
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Starts a Gamma stub serving `markets`, runs `body` with it and stops it, also when `body` throws.
@discardableResult
func withGammaStub<Result>(_ markets: [GammaStubServer.Market], _ body: (GammaStubServer) async throws -> Result) async throws -> Result {
    let stub = GammaStubServer(markets)
    try await stub.start()
    return try await withStarted(stub, stop: { await $0.stop() }, body)
}
