import Bus
import Contracts
import Foundation
import Store

/// Remembers the reply of a mutating call by (method, idempotency key), so a retried call gets
/// the first answer instead of repeating the change.
///
/// The key row is claimed before the handler runs: a concurrent duplicate sees the claim and is
/// told ABORTED (retry later) rather than running twice. Transient failures release the claim.
public struct IdempotentReplies: Sendable {
    let schema: String
    let pool: ConnectionPool

    public init(schema: String, pool: ConnectionPool) {
        self.schema = schema
        self.pool = pool
    }

    /// Runs `body` once per key; without a key it simply runs.
    public func run(method: String, context: RPCContext, _ body: @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        let key = context.idempotencyKey
        guard !key.isEmpty else { return try await body() }
        guard key.count <= 200 else { throw RPCError.invalidArgument("idempotency key longer than 200 characters") }
        let claimed = try await pool.execute("""
            INSERT INTO \(identifier: schema).idempotency_keys (method, key, subject) VALUES (\(method), \(key), \(context.principal.subject))
            ON CONFLICT DO NOTHING
            """)
        if claimed == 0 { return try await storedReply(method: method, key: key, subject: context.principal.subject) }
        do {
            let reply = try await body()
            try await pool.execute("""
                UPDATE \(identifier: schema).idempotency_keys SET reply = \(reply) WHERE method = \(method) AND key = \(key)
                """)
            return reply
        } catch let error as RPCErrorConvertible where Self.isFinal(error.rpcError.code) {
            // A refusal is an answer too: a retry with the same key gets the same refusal.
            let encoded = try Reply(status: error.rpcError.code, message: error.rpcError.message, violations: error.rpcError.violations,
                                    reason: error.rpcError.reason).serializedBytes()
            _ = try? await pool.execute("""
                UPDATE \(identifier: schema).idempotency_keys SET reply = \(Self.refusalMarker + encoded) WHERE method = \(method) AND key = \(key)
                """)
            throw error
        } catch {
            _ = try? await pool.execute("DELETE FROM \(identifier: schema).idempotency_keys WHERE method = \(method) AND key = \(key)")
            throw error
        }
    }

    private func storedReply(method: String, key: String, subject: String) async throws -> [UInt8] {
        let rows = try await pool.query("""
            SELECT reply, subject FROM \(identifier: schema).idempotency_keys WHERE method = \(method) AND key = \(key)
            """)
        guard let row = rows.first else { throw RPCError(.aborted, "request with this idempotency key is being retried; try again") }
        guard try row.decode("subject", as: String.self) == subject else {
            throw RPCError(.failedPrecondition, "idempotency key already used by another caller")
        }
        guard let reply = try row.decodeIfPresent("reply", as: [UInt8].self) else {
            throw RPCError(.aborted, "a request with this idempotency key is still in progress")
        }
        if reply.starts(with: Self.refusalMarker) {
            let refusal = try Reply(serializedBytes: Array(reply.dropFirst(Self.refusalMarker.count)))
            throw RPCError(refusal.status, refusal.message, violations: refusal.violations, reason: refusal.reason)
        }
        return reply
    }

    /// Stored refusals start with this marker (a reply body never starts with 0xFF 0x00).
    static let refusalMarker: [UInt8] = [0xFF, 0x00]

    static func isFinal(_ code: StatusCode) -> Bool {
        [.invalidArgument, .notFound, .alreadyExists, .permissionDenied, .failedPrecondition, .outOfRange].contains(code)
    }
}
