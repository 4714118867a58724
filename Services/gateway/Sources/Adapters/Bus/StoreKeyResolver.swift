import Bus
import Contracts
import Crypto
import Foundation
import ProtoBridge
import Synchronization

/// Resolves a till's `x-store-api-key` to its store by asking loyalty (which keeps only key
/// hashes), caching answers briefly so an agent polling twice a second costs one lookup. A key
/// rotation drops the store's entries at once (`forget`, on `loyalty.store_key_rotated`); the ttl
/// bounds how long an old key still works on a gateway that missed that event.
///
/// A mutex, not an actor: every request with a store key looks here, and on a cache hit an actor
/// made each of them queue behind the others and hop executors twice.
public final class StoreKeyResolver: Sendable {
    private struct State {
        var cache: [Data: (store: AuthenticatedStore, until: Date)] = [:]
        /// Counts `forget` calls: an answer asked for before one is not cached, as it may name the
        /// key that was just rotated away.
        var generation = 0
    }

    private let backends: Backends
    private let ttl: TimeInterval
    private let state = Mutex(State())

    public init(backends: Backends, ttl: TimeInterval = 30) {
        self.backends = backends
        self.ttl = ttl
    }

    /// The store of `key`; 401 for an unknown key, the backend's status when loyalty cannot answer.
    public func store(for key: String, requestId: String) async throws -> AuthenticatedStore {
        guard !key.isEmpty, key.utf8.count <= 200 else { throw GatewayError(.unauthenticated, "invalid store API key") }
        let digest = Data(SHA256.hash(data: Data(key.utf8)))
        let now = Date()
        let lookup = state.withLock { state in (hit: state.cache[digest], generation: state.generation) }
        if let hit = lookup.hit, hit.until > now { return hit.store }
        let reply = await backends.call(
            LoyaltyMethods.authenticateStore.service,
            LoyaltyMethods.authenticateStore.name,
            body: try AuthenticateStoreRequest(apiKey: key).serializedBytes(),
            options: CallOptions(principal: .service("gateway"), requestId: requestId, readOnly: true)
        )
        switch reply.status {
        case .ok:
            let store = try AuthenticatedStore(serializedBytes: Array(reply.body))
            state.withLock { state in
                guard lookup.generation == state.generation else { return }
                if state.cache.count > 10_000 { state.cache.removeAll() }
                state.cache[digest] = (store, now.addingTimeInterval(ttl))
            }
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
        state.withLock { state in
            state.generation += 1
            let before = state.cache.count
            state.cache = state.cache.filter { $0.value.store.storeId != storeId }
            return before - state.cache.count
        }
    }

    /// Cached keys of the store (tests).
    public func cachedKeys(storeId: Int32) -> Int {
        state.withLock { state in state.cache.values.filter { $0.store.storeId == storeId }.count }
    }
}
