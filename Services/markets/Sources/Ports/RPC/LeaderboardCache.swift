import Synchronization

/// Leaderboard replies, encoded, kept for `ttl`: read hundreds of times a second, a board is then
/// computed and encoded a few times a second instead of once per read (encoding 100 entries costs
/// more than the query). The figures themselves are always current in the database; a reply is
/// at most `ttl` old, which it states in `stale_seconds`. A `ttl` of zero turns the cache off.
public final class LeaderboardCache: Sendable {
    public let ttl: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let entries = Mutex<[String: (bytes: [UInt8], computedAt: ContinuousClock.Instant)]>([:])

    public init(ttl: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.ttl = ttl
        self.now = now
    }

    /// What a reply says about its age: the TTL rounded up to whole seconds (0 without a cache).
    public var staleSeconds: Int32 {
        let (seconds, attoseconds) = ttl.components
        return Int32(clamping: seconds + (attoseconds > 0 ? 1 : 0))
    }

    /// The reply under `key` if younger than the TTL, else `compute`'s, remembered. Concurrent
    /// misses may compute it more than once; the last one stays.
    public func reply(_ key: String, compute: () async throws -> [UInt8]) async throws -> [UInt8] {
        guard ttl > .zero else { return try await compute() }
        let now = self.now()
        if let hit = entries.withLock({ $0[key] }), now - hit.computedAt < ttl { return hit.bytes }
        let bytes = try await compute()
        entries.withLock { $0[key] = (bytes, now) }
        return bytes
    }
}
