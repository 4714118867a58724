import Foundation
import Logging
import Store

/// Re-seals every stored API key under the key ring's current key (`claimer rotate-key`).
public struct APIKeyRotation: Sendable {
    let pool: ConnectionPool
    let ring: KeyRing
    let logger: Logger

    public init(pool: ConnectionPool, ring: KeyRing, logger: Logger) {
        self.pool = pool
        self.ring = ring
        self.logger = logger
    }

    /// Re-seals in batches of `batch` rows, each batch one transaction; rows under an id the ring
    /// does not know are left as they are and counted. Safe to run while the service runs.
    public func run(batch: Int = 500) async throws -> (resealed: Int, unreadable: Int) {
        var resealed = 0
        var unreadable = Set<String>()
        while true {
            let skip = Array(unreadable)
            let count = try await pool.blockingTransaction { [ring] tx in
                let rows = try tx.query(
                    """
                    SELECT user_id, key_id, sealed FROM api_keys
                    WHERE key_id <> \(ring.currentId) AND user_id <> ALL(\(skip)::text[])
                    ORDER BY user_id LIMIT \(batch) FOR UPDATE SKIP LOCKED
                    """
                )
                var done = 0
                var failed: [String] = []
                for row in rows {
                    let user: String = try row.decode("user_id")
                    do {
                        let plain = try ring.open(SealedKey(keyId: try row.decode("key_id"), sealed: try row.decode("sealed")))
                        let sealed = try ring.seal(plain)
                        try tx.execute(
                            """
                            UPDATE api_keys SET key_id = \(sealed.keyId), sealed = \(sealed.sealed) WHERE user_id = \(user)
                            """
                        )
                        done += 1
                    } catch {
                        failed.append(user)
                    }
                }
                return (rows.count, done, failed)
            }
            resealed += count.1
            unreadable.formUnion(count.2)
            if !count.2.isEmpty { logger.error("\(count.2.count) API keys are sealed under a key id the ring does not have") }
            if count.0 < batch { break }
        }
        return (resealed, unreadable.count)
    }
}
