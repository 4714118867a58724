import Bus

/// Something a test starts serving and must stop afterwards: a responder, an RPC server.
public protocol Serving {
    func start()
    func stop() async
}

extension Responder: Serving {}
extension RPCServer: Serving {}

/// Starts `server`, runs `body` with it and stops it (waiting for handlers in flight), also when `body` throws.
@discardableResult
public func withServing<Server: Serving, Result>(_ server: Server, _ body: (Server) async throws -> Result) async throws -> Result {
    server.start()
    return try await withStarted(server, stop: { await $0.stop() }, body)
}
