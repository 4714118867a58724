import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The service's own HTTP port, for Kubernetes probes and Prometheus: `/healthz` (the process
/// runs), `/readyz` (migrated, database answering, not draining) and `/metrics` (Prometheus text).
///
/// Started first in the service group, so it stops last: `/readyz` answers 503 while the rest drains.
public struct ServiceHTTPPort: Service {
    let runtime: ServiceRuntime
    let address: HostPort
    /// Called with the bound port once listening (port 0 binds any free port).
    let onListening: @Sendable (Int) async -> Void

    public init(runtime: ServiceRuntime, address: HostPort, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.runtime = runtime
        self.address = address
        self.onListening = onListening
    }

    /// The port of `runtime` from its `httpAddress`; nil when `off`; throws when malformed.
    public static func configured(for runtime: ServiceRuntime) throws -> ServiceHTTPPort? {
        let setting = runtime.config.httpAddress
        if setting.lowercased() == ServiceEndpoints.off { return nil }
        guard let address = HostPort(parsing: setting) else { throw ServiceHTTPPortError(setting: setting, service: runtime.config.name) }
        return ServiceHTTPPort(runtime: runtime, address: address)
    }

    public func run() async throws {
        let logger = runtime.logger
        let application = Application(
            router: router(),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: runtime.config.name),
            onServerRunning: { [address, onListening] channel in
                let port = channel.localAddress?.port ?? address.port
                logger.info("serving probes and metrics on http://\(address.host):\(port)")
                await onListening(port)
            },
            logger: logger
        )
        try await application.run()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let runtime = runtime
        router.get("/healthz") { _, _ in
            Self.response(.ok, json: #"{"status":"ok","service":"\#(runtime.config.name)"}"#)
        }
        router.get("/readyz") { _, _ in
            let readiness = await runtime.readiness()
            return Self.response(readiness.isReady ? .ok : .serviceUnavailable, json: readiness.json)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: runtime.metricsText()))
            )
        }
        return router
    }

    private static func response(_ status: HTTPResponse.Status, json: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
