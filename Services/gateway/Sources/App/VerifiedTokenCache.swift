import Contracts
import Foundation
import Synchronization

/// Bearer tokens already verified, with their principal, until the token expires.
///
/// A client sends the same token with every request; checking its signature and decoding its
/// claims each time (JWTKit's HMAC and Foundation's JSONDecoder) was a twentieth of the gateway's
/// work per proxied call. Entries are keyed by the whole token text, so a token differing in any
/// byte is verified afresh; the cache is emptied when it reaches `capacity` rather than tracking use.
final class VerifiedTokenCache: Sendable {
    private let entries = Mutex<[String: (principal: Principal, expires: Date)]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The principal of a verified token that has not expired at `now`.
    func principal(for token: String, now: Date) -> Principal? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard now < entry.expires else {
                entries[token] = nil
                return nil
            }
            return entry.principal
        }
    }

    func store(_ principal: Principal, for token: String, expires: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = (principal, expires)
        }
    }
}
