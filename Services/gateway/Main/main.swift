import Foundation
import Gateway
import Logging
import Metrics
import Prometheus
import ServiceKit

let config = GatewayConfig()
ServiceMain.bootstrapLogging(level: ServiceConfig(name: "gateway").logLevel)
let logger = Logger(label: "gateway")
let registry = PrometheusCollectorRegistry()
MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
do {
    let gateway = try await GatewayApp(config: config, registry: registry, logger: logger)
    if config.jwtSecret == GatewayConfig.developmentSecret {
        logger.warning("JWT_SECRET is not set: using the development secret; never do this outside a laptop")
    }
    if config.telegramBotToken == nil {
        logger.warning("TELEGRAM_BOT_TOKEN is not set: Telegram WebApp sign-in (initData) is refused")
    }
    logger.info("gateway listening on http://\(config.host):\(config.port)")
    try await gateway.serviceGroup().run()
    gateway.backends.close()
} catch {
    logger.critical("gateway failed: \(error)")
    exit(1)
}
