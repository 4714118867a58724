/// A snapshot of a pool's occupancy, for metrics and readiness checks.
public struct PoolStats: Sendable, Equatable {
    /// Maximum number of connections.
    public var size: Int
    /// Connections leased to callers right now.
    public var inUse: Int
    /// Open connections waiting in the pool (slots not yet opened are not counted).
    public var idle: Int
    /// Callers queued for a connection.
    public var waiting: Int

    public init(size: Int, inUse: Int, idle: Int, waiting: Int) {
        self.size = size
        self.inUse = inUse
        self.idle = idle
        self.waiting = waiting
    }
}
