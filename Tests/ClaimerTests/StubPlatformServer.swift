import Claimer
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TestSupport

/// A local stand-in for the promo platform's HTTP API on 127.0.0.1 (ephemeral port), playing the
/// mock's scenarios over the wire: keys starting `invalid` → 401; `INELIGIBLE…` → not eligible;
/// `FLAKY…` → 503 on the first two eligibility checks; `LIMIT…` → 429 `Retry-After: 1` once;
/// `GONE…` → 404; otherwise eligible and claimed with `MockPromoPlatform.reward(for:)` (the amount as
/// a JSON number, to check it stays exact). Records each call's path, code and arrival time.
final class StubPlatformServer: Sendable {
    struct Call: Sendable {
        var path: String
        var code: String
        var token: String
        var at: Date
    }

    private struct State {
        var attempts: [String: Int] = [:]
        var calls: [Call] = []
        var port = 0
        var running: (group: ServiceGroup, task: Task<Void, any Error>)?
    }

    private let state = Mutex(State())

    var url: String { "http://127.0.0.1:\(state.withLock { $0.port })" }
    var calls: [Call] { state.withLock { $0.calls } }

    func start() async throws {
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "platform-stub"),
            onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "platform-stub") { _ in SwiftLogNoOpLogHandler() }
        )
        let group = ServiceGroup(services: [app], logger: Logger(label: "platform-stub") { _ in SwiftLogNoOpLogHandler() })
        let task = Task { try await group.run() }
        var iterator = ready.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        state.withLock {
            $0.port = port
            $0.running = (group, task)
        }
    }

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
        router.post("/v1/promotions/eligibility") { request, context in
            let (token, code) = try await self.read(request, context, path: "eligibility")
            if token.hasPrefix("invalid") { return Response(status: .unauthorized) }
            let attempt = self.state.withLock { state in
                state.attempts["\(token)\u{0}\(code)", default: 0] += 1
                return state.attempts["\(token)\u{0}\(code)"]!
            }
            if code.hasPrefix("FLAKY"), attempt <= 2 { return Response(status: .serviceUnavailable) }
            if code.hasPrefix("LIMIT"), attempt == 1 { return Response(status: .tooManyRequests, headers: [.retryAfter: "1"]) }
            if code.hasPrefix("GONE") { return Response(status: .notFound) }
            if code.hasPrefix("INELIGIBLE") { return Self.json(#"{"eligible":false,"reason":"not eligible for this promotion"}"#) }
            return Self.json(#"{"eligible":true}"#)
        }
        router.post("/v1/promotions/claim") { request, context in
            let (token, code) = try await self.read(request, context, path: "claim")
            if token.hasPrefix("invalid") { return Response(status: .unauthorized) }
            let reward = MockPromoPlatform.reward(for: code)
            return Self.json(#"{"reward":{"type":"\#(reward.type)","amount":\#(reward.amount),"currency":"\#(reward.currency)"}}"#)
        }
        return router
    }

    private func read(_ request: Request, _ context: BasicRequestContext, path: String) async throws -> (String, String) {
        let token = request.headers[HTTPField.Name("x-access-token")!] ?? ""
        let body = try await request.body.collect(upTo: 1 << 16)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
        let code = object?["code"] as? String ?? ""
        state.withLock { $0.calls.append(Call(path: path, code: code, token: token, at: Date())) }
        return (token, code)
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Starts a stub platform, runs `body` with it and stops it, also when `body` throws.
@discardableResult
func withStubPlatform<Result>(_ body: (StubPlatformServer) async throws -> Result) async throws -> Result {
    let stub = StubPlatformServer()
    try await stub.start()
    return try await withStarted(stub, stop: { await $0.stop() }, body)
}
