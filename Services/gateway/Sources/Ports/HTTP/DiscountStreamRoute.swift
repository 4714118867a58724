import Bus
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ProtoBridge

/// `GET /api/stores/{storeId}/discounts/stream`: the store's discount events as Server-Sent Events
/// (`event: <topic>`, `id: <sequence>`, `data: <payload JSON>`), live from the `StoreEventFeed`,
/// with a comment line as heartbeat so proxies keep the connection and a gone client is noticed.
/// A stream ends after `maxDuration`; the client reconnects. A client reconnecting with
/// `Last-Event-ID` first gets the store's events it missed, read back from loyalty's outbox.
/// Hand-written: a stream is not an rpc, so the route table (generated from proto/) has no row for it.
struct DiscountStreamRoute: Sendable {
    static let path = "/api/stores/{storeId}/discounts/stream"
    static let summary = "The store's discount events, live, as Server-Sent Events (a store key of the store, its cashiers, admins)"

    /// The route in the OpenAPI document.
    static let openAPI = EventStreamSpec(
        path: path,
        summary: summary,
        payloads: LoyaltyEventReader.payloadTypes
    )

    let feed: StoreEventFeed
    let authenticator: Authenticator
    let backends: Backends
    let heartbeat: Duration
    /// A stream ends after this long; the client reconnects (EventSource does so by itself).
    let maxDuration: Duration
    /// How often an open stream's credential and access are checked again: a removed cashier or a
    /// rotated store key loses an open stream within this time, not only its next calls.
    var recheckInterval: Duration = .seconds(30)

    func register(on router: Router<GatewayRequestContext>) {
        router.get(RouterPath(Self.path)) { request, context in try await respond(request, context) }
    }

    func respond(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        guard let text = context.parameters.get("storeId"), let storeId = Int32(text), storeId > 0 else {
            throw GatewayError(
                .invalidArgument,
                "invalid request",
                violations: [FieldViolation(field: "storeId", description: "must be a positive store id")]
            )
        }
        let credential = try await authenticator.authenticate(request.headers, for: .anyCredential, requestId: context.requestId)
        guard let principal = credential?.principal else { throw GatewayError.unauthenticated("a credential is required") }
        try await authorize(principal, storeId: storeId, context: context)
        let lastEventId = try Self.lastEventId(request.headers)
        // Subscribed before the replay is read, so nothing falls between the two; the overlap is
        // skipped by sequence below.
        let (id, events) = feed.subscribe(storeId: storeId)
        let (replayed, replayComplete) =
            if let lastEventId {
                await StoreEventReplay(backends: backends)
                    .events(storeId: storeId, after: lastEventId, requestId: context.requestId, logger: context.logger)
            } else {
                ([StoreEvent](), true)
            }
        let replayedUpTo = replayed.last?.sequence ?? lastEventId ?? 0
        let (feed, heartbeat, maxDuration, recheckInterval) = (self.feed, self.heartbeat, self.maxDuration, self.recheckInterval)
        let headers = request.headers
        context.logger.info("discount stream of store \(storeId) opened by \(principal.subject)")
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                let (lines, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(StoreEventFeed.bufferLimit))
                let pump = Task {
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for event in replayed { continuation.yield(event.serverSentEvent) }
                            for await event in events where event.sequence > replayedUpTo { continuation.yield(event.serverSentEvent) }
                        }
                        group.addTask {
                            while !Task.isCancelled {
                                // Cancelled (the stream is ending): no last heartbeat.
                                guard (try? await Task.sleep(for: heartbeat)) != nil else { break }
                                continuation.yield(": heartbeat\n\n")
                            }
                        }
                        group.addTask { try? await Task.sleep(for: maxDuration) }
                        group.addTask {
                            while (try? await Task.sleep(for: recheckInterval)) != nil {
                                guard await stillAllowed(headers, storeId: storeId, context: context) else {
                                    context.logger.info("discount stream of store \(storeId) closed: \(principal.subject) may no longer read it")
                                    return
                                }
                            }
                        }
                        _ = await group.next()
                        group.cancelAll()
                    }
                    continuation.finish()
                }
                defer {
                    pump.cancel()
                    feed.unsubscribe(id)
                }
                // A comment first: the client sees the stream open before the first event.
                try await writer.write(ByteBuffer(string: ": store \(storeId)\n\n"))
                if !replayComplete {
                    try await writer.write(ByteBuffer(string: ": some events after \(lastEventId ?? 0) could not be replayed\n\n"))
                }
                // A failed write (the client went away) ends the stream and its subscription.
                for await line in lines { try await writer.write(ByteBuffer(string: line)) }
                try await writer.finish(nil)
            }
        )
    }

    /// The stream's credential checked again as at its opening (a rotated key is refused by then).
    /// Only a refusal ends the stream: loyalty not answering for a moment does not.
    func stillAllowed(_ headers: HTTPFields, storeId: Int32, context: GatewayRequestContext) async -> Bool {
        do {
            let credential = try await authenticator.authenticate(headers, for: .anyCredential, requestId: context.requestId)
            guard let principal = credential?.principal else { return false }
            try await authorize(principal, storeId: storeId, context: context)
            return true
        } catch let error as GatewayError {
            return ![.unauthenticated, .permissionDenied, .notFound].contains(error.code)
        } catch {
            return true
        }
    }

    static let lastEventIdHeader = HTTPField.Name("Last-Event-ID")!

    /// The `Last-Event-ID` a reconnecting client sends (nil when absent); 400 unless a sequence.
    static func lastEventId(_ headers: HTTPFields) throws -> Int64? {
        guard let text = headers[lastEventIdHeader]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw GatewayError(
                .invalidArgument,
                "invalid request",
                violations: [FieldViolation(field: "Last-Event-ID", description: "must be the id of an event of this stream (a sequence number)")]
            )
        }
        return value
    }

    /// Admins and the store's own key directly; anyone else (a Telegram cashier) by loyalty's own
    /// rule for the store's data: allowed when loyalty lets them read the store's transactions.
    func authorize(_ principal: Principal, storeId: Int32, context: GatewayRequestContext) async throws {
        if principal.has(role: "admin") { return }
        if principal.has(role: "store") {
            guard principal.storeId == String(storeId) else {
                throw GatewayError(.permissionDenied, "the API key of store \(principal.storeId) cannot read store \(storeId)")
            }
            return
        }
        let reply = await backends.call(
            LoyaltyMethods.listStoreTransactions.service,
            LoyaltyMethods.listStoreTransactions.name,
            body: try ListStoreTransactionsRequest(storeId: storeId, limit: 1).serializedBytes(),
            options: CallOptions(principal: principal, requestId: context.requestId)
        )
        guard reply.status == .ok else {
            throw GatewayError(reply: reply, call: "loyalty.ListStoreTransactions", logger: context.logger)
        }
    }
}
