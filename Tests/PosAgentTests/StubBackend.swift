import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TestSupport

/// A local stand-in for the backend gateway's `/api/1c/*` routes on 127.0.0.1 (ephemeral port), recording what the
/// agent sends. Discounts are handed out only by the taking route (`POST /api/1c/pending-discounts/take`). It can be made to answer 503, refuse confirmations, or be stopped and started again on the same port.
final class StubBackend: Sendable {
    static let apiKey = "store-key-test-123"

    struct Precheck: Decodable, Equatable {
        let storeId: Int64
        let amount: String
    }

    struct StoreBody: Decodable, Equatable {
        let storeId: Int64
    }

    struct Confirmation: Decodable, Equatable {
        let discountId: String
        let status: String
    }

    struct Discount {
        var id: String
        var amount: Int64
        var idAsNumber: Bool
        /// Returned on every poll, even after confirmation: the worst case of the backend's 60 s re-queue.
        var handOutEveryPoll: Bool
        var handedOut = false
        var confirmed = false
    }

    private struct Values {
        var prechecks: [Precheck] = []
        /// Store ids of `DELETE /api/1c/precheck` calls, in order.
        var clears: [Int64] = []
        /// Every precheck call in order: "post 12.30" or "clear".
        var precheckCalls: [String] = []
        var confirmations: [Confirmation] = []
        var discounts: [Discount] = []
        var polls = 0
        var wrongKey = 0
        var served503 = 0
        var failing = false
        var confirmStatus: HTTPResponse.Status = .ok
        var port = 0
        var running: (group: ServiceGroup, task: Task<Void, any Error>)?
    }

    private let values = Mutex(Values())
    let storeId: Int64

    init(storeId: Int64 = 1) { self.storeId = storeId }

    var port: Int { values.withLock { $0.port } }
    var url: String { "http://127.0.0.1:\(port)" }
    var prechecks: [Precheck] { values.withLock { $0.prechecks } }
    var clears: [Int64] { values.withLock { $0.clears } }
    var precheckCalls: [String] { values.withLock { $0.precheckCalls } }
    var confirmations: [Confirmation] { values.withLock { $0.confirmations } }
    var polls: Int { values.withLock { $0.polls } }
    var wrongKey: Int { values.withLock { $0.wrongKey } }
    var served503: Int { values.withLock { $0.served503 } }

    func confirmations(of id: String) -> [Confirmation] { confirmations.filter { $0.discountId == id } }

    /// Every route answers 503 while set (the backend is up but its services are not).
    func setFailing(_ failing: Bool) { values.withLock { $0.failing = failing } }
    /// Status of `confirm-discount` answers (e.g. 409 for a discount the backend already expired).
    func setConfirmStatus(_ status: HTTPResponse.Status) { values.withLock { $0.confirmStatus = status } }

    func queueDiscount(id: String, amount: Int64, idAsNumber: Bool = false, handOutEveryPoll: Bool = false) {
        values.withLock { $0.discounts.append(Discount(id: id, amount: amount, idAsNumber: idAsNumber, handOutEveryPoll: handOutEveryPoll)) }
    }

    /// Starts listening; `port` 0 picks a free one, a previous port brings the "same" backend back after `stop()`.
    func start(port: Int = 0) async throws {
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "stub-backend"),
            onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "stub-backend")
        )
        let group = ServiceGroup(services: [app], logger: Logger(label: "stub-backend"))
        let task = Task { try await group.run() }
        var iterator = ready.stream.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw CancellationError() }
        values.withLock {
            $0.port = bound
            $0.running = (group, task)
        }
    }

    /// Stops listening (graceful: open connections are closed); recorded data and queued discounts stay.
    func stop() async {
        guard
            let running = values.withLock({ values in
                defer { values.running = nil }
                return values.running
            })
        else { return }
        await running.group.triggerGracefulShutdown()
        _ = try? await running.task.value
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/api/1c/precheck") { request, _ in
            if let refusal = self.refusal(request) { return refusal }
            let precheck = try JSONDecoder().decode(Precheck.self, from: Data(try await request.body.collect(upTo: 1 << 16).readableBytesView))
            self.values.withLock {
                $0.prechecks.append(precheck)
                $0.precheckCalls.append("post \(precheck.amount)")
            }
            return Self.json(#"{}"#)
        }
        router.delete("/api/1c/precheck") { request, _ in
            if let refusal = self.refusal(request) { return refusal }
            guard let storeId = request.uri.queryParameters.get("storeId").flatMap({ Int64($0) }) else { return Response(status: .badRequest) }
            self.values.withLock {
                $0.clears.append(storeId)
                $0.precheckCalls.append("clear")
            }
            return Self.json(#"{"storeId":\#(storeId),"cleared":true}"#)
        }
        router.post("/api/1c/pending-discounts/take") { request, _ in
            if let refusal = self.refusal(request) { return refusal }
            let body = try JSONDecoder().decode(StoreBody.self, from: Data(try await request.body.collect(upTo: 1 << 16).readableBytesView))
            guard body.storeId == self.storeId else { return Response(status: .badRequest) }
            let items = self.values.withLock { values -> [String] in
                values.polls += 1
                var items: [String] = []
                for index in values.discounts.indices {
                    let discount = values.discounts[index]
                    guard discount.handOutEveryPoll || (!discount.handedOut && !discount.confirmed) else { continue }
                    values.discounts[index].handedOut = true
                    let id = discount.idAsNumber ? discount.id : "\"\(discount.id)\""
                    items.append(
                        #"{"id":\#(id),"storeId":\#(self.storeId),"card":"4000123456","amount":\#(discount.amount),"createdAt":"2025-01-01T10:00:00Z","expiresAt":"2025-01-01T10:05:00Z"}"#
                    )
                }
                return items
            }
            // Proto3 JSON leaves an empty repeated field out.
            return Self.json(items.isEmpty ? "{}" : #"{"discounts":[\#(items.joined(separator: ","))]}"#)
        }
        router.post("/api/1c/confirm-discount") { request, _ in
            if let refusal = self.refusal(request) { return refusal }
            let confirmation = try JSONDecoder().decode(
                Confirmation.self,
                from: Data(try await request.body.collect(upTo: 1 << 16).readableBytesView)
            )
            let status = self.values.withLock { values in
                values.confirmations.append(confirmation)
                if values.confirmStatus == .ok, let index = values.discounts.firstIndex(where: { $0.id == confirmation.discountId }) {
                    values.discounts[index].confirmed = true
                }
                return values.confirmStatus
            }
            return status == .ok ? Self.json(#"{}"#) : Response(status: status)
        }
        return router
    }

    /// 401 for a wrong key, 503 while failing; `nil` to serve the request.
    private func refusal(_ request: Request) -> Response? {
        values.withLock { values in
            if request.headers[HTTPField.Name("x-store-api-key")!] != Self.apiKey {
                values.wrongKey += 1
                return Response(status: .unauthorized)
            }
            if values.failing {
                values.served503 += 1
                return Response(status: .serviceUnavailable)
            }
            return nil
        }
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Starts a stub backend, runs `body` with it and stops it, also when `body` throws.
@discardableResult
func withStubBackend<Result>(_ body: (StubBackend) async throws -> Result) async throws -> Result {
    let stub = StubBackend()
    try await stub.start()
    return try await withStarted(stub, stop: { await $0.stop() }, body)
}
