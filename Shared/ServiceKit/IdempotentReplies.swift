import Bus
import Contracts
import Foundation
import Store

/// Remembers the reply of a mutating call by (method, idempotency key), so a retried call gets
/// the first answer instead of repeating the change.
///
/// The claim of the key, the handler's effect and the stored reply commit together: the handler
/// runs inside an `AmbientTransaction` that begins with inserting the key row and ends with
/// writing the reply into it. Whatever dies before that commit — the process, its connection,
/// Postgres — rolls all three back, so the key is free for the retry; once it committed, the
/// retry reads the reply. A duplicate arriving while the first attempt runs waits on the key
/// row's lock and then reads its reply (or, if the first rolled back, runs itself). The same key
/// with another request body is refused with `IDEMPOTENCY_KEY_REUSED`.
public struct IdempotentReplies: Sendable {
    let schema: String
    let pool: ConnectionPool

    public init(schema: String, pool: ConnectionPool) {
        self.schema = schema
        self.pool = pool
    }

    /// Runs `body` once per key; without a key it simply runs. `request` is the request body the
    /// key is bound to.
    public func run(
        method: String,
        context: RPCContext,
        request: [UInt8],
        _ body: @escaping @Sendable () async throws -> [UInt8]
    ) async throws -> [UInt8] {
        let key = context.idempotencyKey
        guard !key.isEmpty else { return try await body() }
        guard key.count <= 200 else { throw RPCError.invalidArgument("idempotency key longer than 200 characters") }
        let subject = context.principal.subject
        do {
            return try await pool.withAmbientTransaction { tx in
                let claimed = try await tx.query(
                    """
                    INSERT INTO \(identifier: schema).idempotency_keys (method, key, subject, request_hash)
                    VALUES (\(method), \(key), \(subject), sha256(\(request)))
                    ON CONFLICT DO NOTHING RETURNING 1 AS claimed
                    """
                )
                guard !claimed.isEmpty else {
                    return try await storedReply(tx, method: method, key: key, subject: subject, request: request)
                }
                let reply = try await body()
                tx.runAtCommit(
                    """
                    UPDATE \(identifier: schema).idempotency_keys SET reply = \(reply) WHERE method = \(method) AND key = \(key)
                    """
                )
                return reply
            }
        } catch let error as any RPCErrorConvertible where Self.isFinal(error.rpcError) {
            // A refusal is an answer too: a retry with the same key gets the same refusal. The
            // handler's transaction rolled back; the refusal is kept on its own (best effort: a
            // retry that finds no refusal simply asks again).
            let encoded = try Reply(
                status: error.rpcError.code,
                message: error.rpcError.message,
                violations: error.rpcError.violations,
                reason: error.rpcError.reason
            ).serializedBytes()
            _ = try? await pool.execute(
                """
                INSERT INTO \(identifier: schema).idempotency_keys (method, key, subject, request_hash, reply)
                VALUES (\(method), \(key), \(subject), sha256(\(request)), \(Self.refusalMarker + encoded))
                ON CONFLICT DO NOTHING
                """
            )
            throw error
        }
    }

    private func storedReply(_ tx: Transaction, method: String, key: String, subject: String, request: [UInt8]) async throws -> [UInt8] {
        let rows = try await tx.query(
            """
            SELECT reply, subject, request_hash IS NULL OR request_hash = sha256(\(request)) AS same_request
            FROM \(identifier: schema).idempotency_keys WHERE method = \(method) AND key = \(key)
            """
        )
        // The row that blocked the claim was rolled back and deleted again in between: rare; retry.
        guard let row = rows.first else { throw RPCError(.aborted, "request with this idempotency key is being retried; try again") }
        guard try row.decode("subject", as: String.self) == subject else {
            throw RPCError(.failedPrecondition, "idempotency key already used by another caller")
        }
        guard try row.decode("same_request", as: Bool.self) else {
            throw RPCError(
                .failedPrecondition,
                "idempotency key already used for a different request",
                reason: Self.keyReusedReason
            )
        }
        guard let reply = try row.decodeIfPresent("reply", as: [UInt8].self) else {
            // Only rows written before replies were stored with their claim can lack one.
            throw RPCError(.aborted, "a request with this idempotency key is still in progress")
        }
        if reply.starts(with: Self.refusalMarker) {
            let refusal = try Reply(serializedBytes: Array(reply.dropFirst(Self.refusalMarker.count)))
            throw RPCError(refusal.status, refusal.message, violations: refusal.violations, reason: refusal.reason)
        }
        return reply
    }

    /// Deletes up to `limit` stored replies created before `cutoff`; returns how many.
    public func prune(createdBefore cutoff: Date, limit: Int) async throws -> Int {
        try await pool.execute(
            """
            DELETE FROM \(identifier: schema).idempotency_keys WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM \(identifier: schema).idempotency_keys WHERE created_at < \(cutoff) LIMIT \(limit)))
            """
        )
    }

    /// The reason of the refusal of a key reused with another request body.
    public static let keyReusedReason = "IDEMPOTENCY_KEY_REUSED"

    /// Stored refusals start with this marker (a reply body never starts with 0xFF 0x00).
    static let refusalMarker: [UInt8] = [0xFF, 0x00]

    /// Refusals that are the answer to the request itself (not about the key or the moment).
    static func isFinal(_ error: RPCError) -> Bool {
        guard error.reason != keyReusedReason else { return false }
        return [.invalidArgument, .notFound, .alreadyExists, .permissionDenied, .failedPrecondition, .outOfRange].contains(error.code)
    }
}
