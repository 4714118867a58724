import Foundation
import Hummingbird
import Logging
import NIOCore

/// The agent's own HTTP API on 127.0.0.1, read by the till's web app from the browser (hence CORS `*`).
public struct AgentHTTPServer: Sendable {
    let config: AgentConfig
    let state: AgentState
    let ledger: DiscountLedger
    let confirmations: ConfirmationQueue
    let logger: Logger

    public init(config: AgentConfig, state: AgentState, ledger: DiscountLedger, confirmations: ConfirmationQueue, logger: Logger) {
        self.config = config
        self.state = state
        self.ledger = ledger
        self.confirmations = confirmations
        self.logger = logger
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/get-amount") { [config, state] _, _ in
            let (kopecks, updatedAt) = state.amount
            return try Self.json(AmountReply(storeId: config.storeId, kopecks: kopecks, updatedAt: updatedAt))
        }
        router.get("/status") { [config, state, ledger, confirmations] _, _ in
            let lastError = state.lastBackendError
            return try Self.json(
                StatusReply(
                    storeId: config.storeId,
                    storeName: config.storeName,
                    backendUrl: config.backendURL,
                    backendReachable: state.backendReachable,
                    lastBackendError: lastError.message,
                    lastBackendErrorAt: lastError.at,
                    consecutiveAmountErrors: state.consecutiveAmountErrors,
                    amountAlerts: state.amountAlerts,
                    currentDiscount: ledger.currentId,
                    queuedDiscounts: ledger.queuedCount,
                    pendingConfirmations: confirmations.count,
                    discountsWritten: state.discountsWritten,
                    uptimeSeconds: max(0, Int(Date().timeIntervalSince(state.startedAt))),
                    version: AgentVersion.current
                )
            )
        }
        return router
    }

    /// The server on 127.0.0.1:`config.port`; `onServerRunning` gets the bound port (the real one when `port` is 0).
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(AgentConfig.host, port: config.port), serverName: "pos-agent"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .accessControlAllowOrigin: "*"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
