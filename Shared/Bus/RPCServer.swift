import Logging

/// Serves an `RPCRouter` on a bus endpoint.
public final class RPCServer: Sendable {
    public let router: RPCRouter
    private let responder: Responder

    public init(url: String, router: RPCRouter, maxMessageSize: Int, maxConcurrent: Int, logger: Logger) throws {
        self.router = router
        self.responder = try Responder(url: url, maxMessageSize: maxMessageSize, maxConcurrent: maxConcurrent,
                                       logger: logger) { [router] bytes in
            await router.handle(bytes)
        }
    }

    public func start() { responder.start() }

    /// Stops taking calls and waits until the ones in flight were answered.
    public func stop() async { await responder.stop() }
}
