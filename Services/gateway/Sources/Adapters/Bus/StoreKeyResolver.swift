import Bus
import Contracts
import Crypto
import Foundation
import ProtoBridge

/// Resolves a till's `x-store-api-key` to its store by asking loyalty (which keeps only key
/// hashes), caching answers briefly so an agent polling twice a second costs one lookup. A key
/// rotation drops the store's entries at once (`forget`, on `loyalty.store_key_rotated`); the ttl
/// bounds how long an old key still works on a gateway that missed that event.
public actor StoreKeyResolver {
    private let backends: Backends
    private let ttl: TimeInterval
    private var cache: [Data: (store: AuthenticatedStore, until: Date)] = [:]
    /// Counts `forget` calls: an answer asked for before one is not cached, as it may name the
    /// key that was just rotated away.
    private var generation = 0

    public init(backends: Backends, ttl: TimeInterval = 30) {
        self.backends = backends
        self.ttl = ttl
    }

    /// The store of `key`; 401 for an unknown key, the backend's status when loyalty cannot answer.
    public func store(for key: String, requestId: String) async throws -> AuthenticatedStore {
        guard !key.isEmpty, key.utf8.count <= 200 else { throw GatewayError(.unauthenticated, "invalid store API key") }
        let digest = Data(SHA256.hash(data: Data(key.utf8)))
        let now = Date()
        if let hit = cache[digest], hit.until > now { return hit.store }
        let asked = generation
        let reply = await backends.call(
            LoyaltyMethods.authenticateStore.service,
            LoyaltyMethods.authenticateStore.name,
            body: try AuthenticateStoreRequest(apiKey: key).serializedBytes(),
            options: CallOptions(principal: .service("gateway"), requestId: requestId, readOnly: true)
        )
        switch reply.status {
        case .ok:
            let store = try AuthenticatedStore(serializedBytes: Array(reply.body))
            guard asked == generation else { return store }
            if cache.count > 10_000 { cache.removeAll() }
            cache[digest] = (store, now.addingTimeInterval(ttl))
            return store
        case .unauthenticated, .notFound:
            throw GatewayError(.unauthenticated, "invalid store API key")
        default:
            throw GatewayError(reply.status == .internal ? .unavailable : reply.status, "cannot check the store API key now: \(reply.message)")
        }
    }

    /// Drops every cached key of the store (its key was rotated); returns how many.
    @discardableResult
    public func forget(storeId: Int32) -> Int {
        generation += 1
        let before = cache.count
        cache = cache.filter { $0.value.store.storeId != storeId }
        return before - cache.count
    }

    /// Cached keys of the store (tests).
    public func cachedKeys(storeId: Int32) -> Int {
        cache.values.filter { $0.store.storeId == storeId }.count
    }
}
