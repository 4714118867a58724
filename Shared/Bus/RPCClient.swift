import Contracts
import Foundation
import Logging
import ProtoBridge

/// Calls methods of one service, over one raw REQ socket per replica, many calls in flight at once.
///
/// The endpoints are a list of URLs; a `tcp://name:port` stands for every address of the name,
/// looked up again every `refreshInterval` (replicas come and go). Each attempt goes to one
/// replica, in turn. A call that was not carried out — never sent, refused as DRAINING or
/// STARTING — is sent again to another replica while its deadline allows; so is a retryable
/// call (`CallOptions.isRetryable`: a read, or a write with an idempotency key) whose replica
/// lost the connection or did not answer within the attempt's share of the deadline. A replica
/// that failed is avoided for a while (doubling, up to 10 s) unless no other is left.
public final class RPCClient: Sendable {
    public let service: String
    private let replicas: ReplicaSet
    private let logger: Logger

    /// An attempt of a retryable call waits at most this share of its deadline, and no less
    /// than `minimumAttempt`, when there is another replica to try.
    static let attemptShare = 0.5
    static let minimumAttempt = Duration.milliseconds(500)

    public init(
        service: String,
        urls: [String],
        maxMessageSize: Int = 4 << 20,
        refreshInterval: Duration = .seconds(5),
        resolver: AddressResolver = AddressResolver(),
        logger: Logger
    ) throws {
        self.service = service
        self.logger = logger
        self.replicas = try ReplicaSet(
            endpoints: Endpoint.list(urls),
            resolver: resolver,
            refreshInterval: refreshInterval,
            logger: logger
        ) { url in
            try Requester(urls: [url], maxMessageSize: maxMessageSize, logger: logger)
        }
    }

    /// The URLs of the replicas this client reaches now.
    public var replicaURLs: [String] { replicas.urls }

    /// Resolves the endpoints' names again now (instead of at the next refresh).
    public func refreshReplicas() { replicas.refresh() }

    /// Calls `method` and decodes the reply body; a non-OK status throws `RPCError`.
    public func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String,
        _ request: Request,
        as _: Response.Type = Response.self,
        options: CallOptions = CallOptions()
    ) async throws -> Response {
        let reply = await callRaw(method, body: try request.serializedBytes(), options: options)
        guard reply.status == .ok else {
            throw RPCError(reply.status, reply.message, violations: reply.violations)
        }
        do {
            return try Response(serializedBytes: Array(reply.body))
        } catch {
            throw RPCError(.internal, "\(service).\(method) answered a body that is not a \(Response.protoName)")
        }
    }

    /// Calls `method` with an encoded body; always returns a Reply (transport failures become
    /// DEADLINE_EXCEEDED, UNAVAILABLE or RESOURCE_EXHAUSTED replies).
    public func callRaw(_ method: String, body: [UInt8], options: CallOptions = CallOptions()) async -> Reply {
        let deadline = Date().addingTimeInterval(
            Double(options.timeout.components.seconds)
                + Double(options.timeout.components.attoseconds) / 1e18
        )
        let envelope = Envelope(
            method: method,
            requestId: options.requestId,
            principal: options.principal,
            deadlineUnixMs: Int64(deadline.timeIntervalSince1970 * 1000),
            idempotencyKey: options.idempotencyKey,
            body: Data(body)
        )
        do {
            let message = try envelope.serializedBytes()
            let end = ContinuousClock.now.advanced(by: options.timeout)
            let attemptCap = max(options.timeout * Self.attemptShare, Self.minimumAttempt)
            var pause = Duration.milliseconds(20)
            var tried = Set<String>()
            // Replicas that refused this call as DRAINING: a connection lost on one of them after
            // that took nothing with it (a draining server takes no new call).
            var draining = Set<String>()
            while true {
                guard let replica = replicas.pick(excluding: tried) else {
                    // No replica connected now (all restarting, or a name that does not resolve
                    // yet): look again until the deadline; the call has gone nowhere.
                    guard end - .now > pause else { throw BusError.unreachable }
                    try await Task.sleep(for: .milliseconds(10))
                    if replicas.count == 0 { replicas.refresh() }
                    continue
                }
                let remaining = end - .now
                // Another connected replica could take the call if this one hangs: only then is the
                // attempt cut short (alone, the replica gets the whole deadline).
                let others = replicas.hasUntried(excluding: tried.union([replica.url]))
                let attempt = options.isRetryable && others ? min(remaining, attemptCap) : remaining
                let reply: Reply
                do {
                    reply = try Reply(serializedBytes: try await replica.request(message, timeout: attempt))
                } catch BusError.unreachable where end - .now > .zero {
                    // Never sent: nothing happened; another replica may take it.
                    replica.failed()
                    tried.insert(replica.url)
                    continue
                } catch BusError.connectionLost where (options.isRetryable || draining.contains(replica.url)) && end - .now > pause {
                    replica.failed()
                    tried.insert(replica.url)
                    if !others || !replicas.hasUntried(excluding: tried) { try await Task.sleep(for: pause) }
                    continue
                } catch BusError.deadlineExceeded where attempt < remaining && end - .now > .zero {
                    // This replica took its share of the deadline without answering: try another.
                    logger.warning("\(service).\(method): no answer from \(replica.url) in \(attempt); trying another replica")
                    replica.failed()
                    tried.insert(replica.url)
                    continue
                } catch BusError.connectionLost {
                    replica.failed()
                    throw BusError.connectionLost
                }
                // A draining or still-starting server did nothing with the call: send it again
                // (another replica, the successor or the same one once migrated takes it) while
                // the deadline allows.
                guard reply.status == .unavailable, reply.reason == RPCServer.drainingReason || reply.reason == RPCRouter.startingReason,
                    end - .now > pause
                else {
                    replica.succeeded()
                    return reply
                }
                draining.insert(replica.url)
                tried.insert(replica.url)
                if !replicas.hasUntried(excluding: tried) {
                    // Every replica refused it: wait a little before the next round.
                    try await Task.sleep(for: pause)
                    pause = min(pause * 2, .milliseconds(200))
                }
            }
        } catch let error as BusError {
            switch error {
            case .deadlineExceeded:
                return Reply(status: .deadlineExceeded, message: "\(service) did not answer \(method) in time")
            case .messageTooLarge(let size, let limit):
                return Reply(status: .resourceExhausted, message: "request of \(size) bytes is over the \(limit)-byte limit")
            case .connectionLost:
                return Reply(
                    status: .unavailable,
                    message: "connection to \(service) lost during \(method); it may or may not have been carried out",
                    reason: Self.connectionLostReason
                )
            case .unreachable:
                return Reply(status: .unavailable, message: "\(service) is unreachable; \(method) was not sent", reason: Self.unreachableReason)
            case .closed, .socket:
                return Reply(status: .unavailable, message: "\(service) is unavailable")
            }
        } catch is CancellationError {
            return Reply(status: .cancelled, message: "cancelled")
        } catch {
            logger.error("\(service).\(method): unreadable reply: \(error)")
            return Reply(status: .internal, message: "internal error")
        }
    }

    public func close() { replicas.close() }

    /// The reason of the UNAVAILABLE reply to a call whose connection ended before its reply.
    public static let connectionLostReason = "CONNECTION_LOST"
    /// The reason of the UNAVAILABLE reply to a call that found no responder before its deadline.
    public static let unreachableReason = "UNREACHABLE"
}
