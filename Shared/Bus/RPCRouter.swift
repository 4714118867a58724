import Contracts
import Foundation
import Logging
import ProtoBridge
import Synchronization

/// Maps method names to handlers and turns one Envelope's bytes into one Reply's bytes.
///
/// This is the single place where errors become reply codes: `RPCErrorConvertible` errors keep
/// their code; `TransientFailure`s are UNAVAILABLE; anything else is logged and answered with a
/// bare INTERNAL.
public final class RPCRouter: Sendable {
    /// A handler on wire bytes: body in, body out.
    public typealias RawHandler = @Sendable ([UInt8], RPCContext) async throws -> [UInt8]

    /// Says why `method` cannot be served yet (nil: serve it), asked before every call.
    public typealias Gate = @Sendable (_ method: String) -> RPCError?

    private let handlers = Mutex<[String: RawHandler]>([:])
    private let logger: Logger
    private let observer: (any RPCObserver)?
    private let gate: Gate?

    public init(logger: Logger, observer: (any RPCObserver)? = nil, gate: Gate? = nil) {
        self.logger = logger
        self.observer = observer
        self.gate = gate
    }

    /// Registers a typed handler; request and reply are `ProtoCodable` mirrors of proto messages.
    public func register<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String,
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        registerRaw(method, Self.typed(handler))
    }

    /// Wraps a typed handler as a raw one: a body that is not a valid request is INVALID_ARGUMENT.
    public static func typed<Request: ProtoCodable, Response: ProtoCodable>(
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) -> RawHandler {
        { body, context in
            let request: Request
            do {
                request = try Request(serializedBytes: body)
            } catch let error as ProtoError where !error.violations.isEmpty {
                throw RPCError.invalidArgument(
                    "body is not a valid \(Request.protoName)",
                    error.violations.map { FieldViolation(field: $0.field, description: $0.description) }
                )
            } catch {
                throw RPCError.invalidArgument("body is not a valid \(Request.protoName)")
            }
            return try await handler(request, context).serializedBytes()
        }
    }

    /// Registers a handler on raw bodies.
    public func registerRaw(_ method: String, _ handler: @escaping RawHandler) {
        handlers.withLock { $0[method] = handler }
    }

    /// Names of the registered methods.
    public var methods: [String] { handlers.withLock { Array($0.keys).sorted() } }

    /// Serves one request: never throws, always produces a Reply.
    public func handle(_ bytes: [UInt8]) async -> [UInt8] {
        let started = ContinuousClock.now
        let envelope: Envelope
        do {
            envelope = try Envelope(serializedBytes: bytes)
        } catch {
            logger.warning("malformed envelope (\(bytes.count) bytes): \(error)")
            return Self.encode(Reply(status: .invalidArgument, message: "malformed envelope"))
        }
        var log = logger
        log[metadataKey: "request-id"] = .string(envelope.requestId)
        log[metadataKey: "method"] = .string(envelope.method)
        let reply = await serve(envelope, logger: log)
        observer?.served(
            method: handlers.withLock { $0[envelope.method] } == nil ? "unknown" : envelope.method,
            status: reply.status,
            duration: ContinuousClock.now - started
        )
        return Self.encode(reply)
    }

    private func serve(_ envelope: Envelope, logger: Logger) async -> Reply {
        guard let handler = handlers.withLock({ $0[envelope.method] }) else {
            return Reply(status: .unimplemented, message: "unknown method \(envelope.method)")
        }
        if let refusal = gate?(envelope.method) {
            return Reply(status: refusal.code, message: refusal.message, reason: refusal.reason)
        }
        let deadline = envelope.deadlineUnixMs > 0 ? Date(timeIntervalSince1970: Double(envelope.deadlineUnixMs) / 1000) : nil
        if let deadline, deadline.timeIntervalSinceNow <= 0 {
            return Reply(status: .deadlineExceeded, message: "deadline passed before the call started")
        }
        let context = RPCContext(
            method: envelope.method,
            requestId: envelope.requestId,
            principal: envelope.principal ?? Principal(),
            idempotencyKey: envelope.idempotencyKey,
            deadline: deadline,
            logger: logger
        )
        do {
            let body = try await handler(Array(envelope.body), context)
            return Reply(status: .ok, body: Data(body))
        } catch let error as any RPCErrorConvertible {
            let rpc = error.rpcError
            if rpc.code == .internal { logger.error("\(envelope.method) failed: \(rpc.message)") }
            return Reply(status: rpc.code, message: rpc.message, violations: rpc.violations, reason: rpc.reason)
        } catch let error as any TransientFailure where error.isTransient {
            logger.warning("\(envelope.method) failed for now: \(String(reflecting: error))")
            return Reply(status: .unavailable, message: "temporarily unavailable; retry", reason: Self.transientReason)
        } catch is CancellationError {
            return Reply(status: .cancelled, message: "cancelled")
        } catch {
            logger.error("\(envelope.method) failed: \(String(reflecting: error))")
            return Reply(status: .internal, message: "internal error")
        }
    }

    /// The reason of UNAVAILABLE replies from a service whose database is not ready yet: nothing
    /// was done, and `RPCClient` sends the call again until its deadline.
    public static let startingReason = "STARTING"

    /// The reason of UNAVAILABLE replies for a transient failure of a dependency.
    public static let transientReason = "TRANSIENT"

    private static func encode(_ reply: Reply) -> [UInt8] {
        // A Reply built from our own values always encodes; fall back to a bare INTERNAL if not.
        (try? reply.serializedBytes()) ?? [0x08, 0x0D]
    }
}
