import Contracts
import Logging

/// Serves an `RPCRouter` on a bus endpoint.
public final class RPCServer: Sendable {
    public let router: RPCRouter
    private let responder: Responder

    public init(url: String, router: RPCRouter, maxMessageSize: Int, maxConcurrent: Int, logger: Logger) throws {
        self.router = router
        let draining =
            (try? Reply(
                status: .unavailable,
                message: "shutting down; nothing was done, retry",
                reason: Self.drainingReason
            ).serializedBytes()) ?? []
        self.responder = try Responder(
            url: url,
            maxMessageSize: maxMessageSize,
            maxConcurrent: maxConcurrent,
            logger: logger,
            drainingReply: draining
        ) { [router] bytes in
            await router.handle(bytes)
        }
    }

    public func start() { responder.start() }

    /// Closes the socket at once, calls in flight unanswered: a crash, for tests.
    func closeImmediately() { responder.closeImmediately() }

    /// Stops taking calls (later ones are refused as draining) and waits until the ones in flight were answered.
    public func stop() async { await responder.stop() }

    /// The reason of the UNAVAILABLE reply to a call that arrived while the server was draining:
    /// the call was not handled at all, so any caller may send it again.
    public static let drainingReason = "DRAINING"
}
