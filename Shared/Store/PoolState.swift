/// The bookkeeping of a `ConnectionPool`, always mutated under its lock.
struct PoolState {
    /// Free connections with an open session; used first (LIFO, the warmest session).
    var idleOpen: [Connection]
    /// Free connections without a session yet (or whose session was lost).
    var idleClosed: [Connection]
    var inUse = 0
    /// Callers waiting for a connection, oldest first.
    var waiters: [Waiter] = []
    var nextWaiterID: UInt64 = 0
    var isClosed = false
    /// `close()` calls waiting for every leased connection to come back.
    var drainWaiters: [CheckedContinuation<Void, Never>] = []

    struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Connection, any Error>
    }

    init(connections: [Connection]) {
        idleOpen = []
        idleClosed = connections
    }

    mutating func takeIdle() -> Connection? {
        idleOpen.popLast() ?? idleClosed.popLast()
    }

    mutating func removeWaiter(id: UInt64) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index)
    }
}
