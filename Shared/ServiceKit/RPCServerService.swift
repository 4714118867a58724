import Bus
import Logging
import ServiceLifecycle

/// Runs the RPC server until graceful shutdown, then lets in-flight calls finish.
struct RPCServerService: Service {
    let server: RPCServer
    let logger: Logger

    func run() async throws {
        server.start()
        logger.info("serving RPC")
        try? await gracefulShutdown()
        logger.info("shutting down: finishing in-flight calls")
        await server.stop()
    }
}
