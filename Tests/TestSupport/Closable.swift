import Bus
import Store

/// Something a test opens and must close afterwards: a socket, a client, a pool.
public protocol Closable {
    func close() async
}

extension Requester: Closable {}
extension Publisher: Closable {}
extension Subscriber: Closable {}
extension RPCClient: Closable {}
extension ConnectionPool: Closable {}

/// Runs `body` with `resource` and closes it afterwards, also when `body` throws.
@discardableResult
public func withClosing<Resource: Closable, Result>(_ resource: Resource, _ body: (Resource) async throws -> Result) async throws -> Result {
    try await withStarted(resource, stop: { await $0.close() }, body)
}

/// Runs `body` with `pool` and closes the pool afterwards, also when `body` throws.
@discardableResult
public func withPool<Result>(_ pool: ConnectionPool, _ body: (ConnectionPool) async throws -> Result) async throws -> Result {
    try await withClosing(pool, body)
}
