import Gateway
import Logging
import ServiceKit
import TestSupport

extension MarketsHarness {
    /// A gateway in front of this service (its JWT secret, a rate limit tests never reach) for `body`;
    /// its backends are closed afterwards, also when `body` throws.
    @discardableResult
    func withGateway<Result>(_ body: (GatewayApp) async throws -> Result) async throws -> Result {
        var logger = Logger(label: "markets-gateway")
        logger.logLevel = .warning
        let gateway = try await GatewayApp(
            config: GatewayConfig(
                environment: ServiceEnvironment([
                    "MARKETS_RPC_URL": rpcURL, "JWT_SECRET": MarketsHarness.secret,
                    "GATEWAY_RATE_LIMIT_PER_SECOND": "100000", "GATEWAY_RATE_LIMIT_BURST": "100000",
                ])
            ),
            logger: logger
        )
        return try await withStarted(gateway, stop: { $0.backends.close() }, body)
    }
}
