import Contracts
import Foundation
import Logging
import ProtoBridge

/// Calls methods of one service over a shared raw REQ socket, many calls in flight at once.
public final class RPCClient: Sendable {
    public let service: String
    private let requester: Requester
    private let logger: Logger

    public init(service: String, urls: [String], maxMessageSize: Int = 4 << 20, logger: Logger) throws {
        self.service = service
        self.logger = logger
        self.requester = try Requester(urls: urls, maxMessageSize: maxMessageSize, logger: logger)
    }

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
            var pause = Duration.milliseconds(20)
            var refusedAsDraining = false
            while true {
                let reply: Reply
                do {
                    reply = try Reply(serializedBytes: try await requester.request(message, timeout: end - .now))
                } catch BusError.connectionLost where refusedAsDraining && end - .now > pause {
                    // The resend went to the server that was draining (with one endpoint, a
                    // successor can only be reached once that connection is gone): it did nothing.
                    try await Task.sleep(for: pause)
                    continue
                }
                // A draining or still-starting server did nothing with the call: send it again
                // (another replica, the successor or the same one once migrated takes it) while
                // the deadline allows.
                guard reply.status == .unavailable, reply.reason == RPCServer.drainingReason || reply.reason == RPCRouter.startingReason,
                    end - .now > pause
                else { return reply }
                refusedAsDraining = true
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(200))
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

    public func close() { requester.close() }

    /// The reason of the UNAVAILABLE reply to a call whose connection ended before its reply.
    public static let connectionLostReason = "CONNECTION_LOST"
    /// The reason of the UNAVAILABLE reply to a call that found no responder before its deadline.
    public static let unreachableReason = "UNREACHABLE"
}
