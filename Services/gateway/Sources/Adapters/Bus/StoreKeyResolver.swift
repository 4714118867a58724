import Bus
import Contracts
import Crypto
import Foundation
import ProtoBridge

/// Resolves a till's `x-store-api-key` to its store by asking loyalty (which keeps only key
/// hashes), caching answers briefly so an agent polling twice a second costs one lookup.
public actor StoreKeyResolver {
    private let backends: Backends
    private let ttl: TimeInterval
    private var cache: [Data: (store: AuthenticatedStore, until: Date)] = [:]

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
        let reply = await backends.call(
            LoyaltyMethods.authenticateStore.service,
            LoyaltyMethods.authenticateStore.name,
            body: try AuthenticateStoreRequest(apiKey: key).serializedBytes(),
            options: CallOptions(principal: .service("gateway"), requestId: requestId, readOnly: true)
        )
        switch reply.status {
        case .ok:
            let store = try AuthenticatedStore(serializedBytes: Array(reply.body))
            if cache.count > 10_000 { cache.removeAll() }
            cache[digest] = (store, now.addingTimeInterval(ttl))
            return store
        case .unauthenticated, .notFound:
            throw GatewayError(.unauthenticated, "invalid store API key")
        default:
            throw GatewayError(reply.status == .internal ? .unavailable : reply.status, "cannot check the store API key now: \(reply.message)")
        }
    }
}
