import Bus
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import ProtoBridge
import ServiceKit
import ServiceLifecycle

/// Builds the gateway's router and application from the route table.
public struct GatewayApp: Sendable {
    public let config: GatewayConfig
    public let backends: Backends
    public let authenticator: Authenticator
    /// The store API keys the authenticator resolves, cached (dropped on a key rotation by the event reader).
    public let storeKeys: StoreKeyResolver
    public let registry: PrometheusCollectorRegistry
    public let routes: [RouteSpec]
    /// `TRUSTED_PROXIES`, parsed: whose `X-Forwarded-For` the rate limiter believes.
    public let trustedProxies: TrustedProxies
    /// Live events of each store, for the event streams (filled by `eventReader()`).
    public let feed = StoreEventFeed()
    /// Set when SIGTERM arrives: `/readyz` answers 503 `draining` while requests are still served.
    public let drain: ServiceDrain
    /// The pages, their files and the QR codes of cards.
    let web: WebRoutes
    let logger: Logger

    public init(
        config: GatewayConfig,
        routes: [RouteSpec] = GatewayRoutes.all,
        registry: PrometheusCollectorRegistry = .init(),
        logger: Logger
    ) async throws {
        self.config = config
        self.routes = routes
        self.registry = registry
        self.logger = logger
        self.trustedProxies = try TrustedProxies(parsing: config.trustedProxies)
        self.drain = ServiceDrain(delay: config.drainDelay)
        self.backends = try Backends(urls: config.serviceURLs, maxMessageBytes: config.maxMessageBytes, logger: logger)
        self.storeKeys = StoreKeyResolver(backends: backends, ttl: config.storeKeyCacheSeconds)
        self.authenticator = try await Authenticator(
            secret: config.jwtSecret,
            rules: config.tokenRules,
            telegram: config.telegramBotToken.map { TelegramInitDataVerifier(botToken: $0, maxAge: config.telegramMaxAge) },
            storeKeys: storeKeys
        )
        self.web = WebRoutes(
            renderer: try await WebPageRenderer(agentURL: config.cashierAgentURL),
            assets: .bundled,
            csp: PageSecurityPolicy(agentURL: config.cashierAgentURL).header
        )
    }

    public func router() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware(registry: registry))
        router.add(middleware: RequestIdMiddleware())
        // Outside the rate limiter, so that a 429 also reaches an allowed page.
        router.add(middleware: CrossOriginMiddleware(policy: CORSPolicy(origins: config.corsAllowedOrigins)))
        router.add(
            middleware: RateLimitMiddleware(
                limiter: RateLimiter(perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst),
                trustedProxies: trustedProxies
            )
        )

        router.get("/healthz") { _, _ in Self.json(.object(JSONObject([("status", .string("ok"))]))) }
        let probe = ReadinessProbe(backends: backends, timeout: config.readinessTimeout)
        router.get("/readyz") { [drain] request, context in
            if drain.isDraining {
                return Self.json(.object(JSONObject([("status", .string("draining"))])), status: .serviceUnavailable)
            }
            let statuses = await probe.check(requestId: context.requestId)
            let answer = ReadinessProbe.answer(statuses, strict: ReadinessProbe.isStrict(request.uri.queryParameters["strict"]))
            return Self.json(answer.body, status: answer.ready ? .ok : .serviceUnavailable)
        }
        let process = ProcessMetrics()
        ServiceMetrics(registry: registry).recordBuild(service: "gateway", version: config.version)
        router.get("/metrics") { [registry] _, _ in
            process.record(into: registry)
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        router.get("/metrics/{service}") { [backends] _, context in
            let service = context.parameters.get("service") ?? ""
            guard ServiceEndpoints.services.contains(service) else {
                throw GatewayError(.notFound, "no service named \(service); metrics exist for: \(ServiceEndpoints.services.joined(separator: ", "))")
            }
            let reply = await backends.call(
                service,
                PlatformMethods.metrics.name,
                body: [],
                options: CallOptions(principal: .service("gateway"), requestId: context.requestId, readOnly: true)
            )
            guard reply.status == .ok, let metrics = try? MetricsReply(serializedBytes: Array(reply.body)) else {
                throw GatewayError(reply.status == .ok ? .internal : reply.status, reply.message)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.text))
            )
        }
        let document = OpenAPIDocument.build(routes: routes, streams: [DiscountStreamRoute.openAPI]).serialized()
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        DiscountStreamRoute(
            feed: feed,
            authenticator: authenticator,
            backends: backends,
            heartbeat: config.streamHeartbeat,
            maxDuration: config.streamMaxDuration,
            recheckInterval: config.streamRecheckInterval
        ).register(on: router)
        web.register(on: router)
        for route in routes { add(route, to: router) }
        return router
    }

    private func add(_ route: RouteSpec, to router: Router<GatewayRequestContext>) {
        let transcoder = Transcoder(route: route)
        let limit = config.bodyLimitBytes
        let timeout = route.timeout ?? config.rpcTimeout
        let uploadLimit = config.uploadLimitBytes
        let uploadChunk = min(config.uploadChunkBytes, config.maxMessageBytes - (64 << 10))
        let pathParameters = route.pathParameters
        router.on(RouterPath(route.path), method: route.method) {
            [backends, authenticator] (request: Request, context: GatewayRequestContext) -> Response in
            var context = context
            context.principal = try await authenticator.authenticate(request.headers, for: route.auth, requestId: context.requestId)?.principal
            let params = Dictionary(
                pathParameters.compactMap { name in context.parameters.get(name).map { (name, $0) } },
                uniquingKeysWith: { first, _ in first }
            )
            let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
            let options = CallOptions(
                principal: context.principal,
                requestId: context.requestId,
                idempotencyKey: request.headers[Self.idempotencyKey] ?? "",
                timeout: timeout,
                // A GET reads only (the REST contract): another replica may answer it.
                readOnly: route.method == .get
            )
            let replyBody: [UInt8]
            if let streamed = route.streamedBody, Self.mediaType(request.headers[.contentType]) == streamed.mediaType {
                let upload = StreamedUpload(
                    backends: backends,
                    service: route.service,
                    options: options,
                    pathParameters: params,
                    query: query,
                    limitBytes: uploadLimit,
                    chunkBytes: uploadChunk,
                    contentLength: request.headers[.contentLength].flatMap { Int($0) },
                    logger: context.logger
                )
                replyBody = try await streamed.handle(request.body, upload)
            } else {
                let buffer = try await request.body.collect(upTo: limit)
                let body = try transcoder.request(body: Array(buffer.readableBytesView), pathParameters: params, query: query)
                let reply = await backends.call(route.service, route.rpc, body: body, options: options)
                guard reply.status == .ok else { throw GatewayError(reply: reply, call: "\(route.service).\(route.rpc)", logger: context.logger) }
                replyBody = Array(reply.body)
            }
            let json = try transcoder.response(replyBody)
            return Response(
                status: route.successStatus,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: json))
            )
        }
    }

    /// `text/CSV; charset=utf-8` → `text/csv`.
    static func mediaType(_ header: String?) -> String {
        (header ?? "").split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: value.serialized()))
        )
    }

    /// The reader of loyalty's events that fills `feed` and drops rotated store keys from `storeKeys`.
    public func eventReader() throws -> LoyaltyEventReader {
        try LoyaltyEventReader(
            eventsURLs: config.loyaltyEventsURLs,
            backends: backends,
            feed: feed,
            storeKeys: storeKeys,
            checkInterval: config.eventsCheckInterval,
            logger: logger
        )
    }

    /// The application and, listed after it so that SIGTERM reaches them first (in reverse order):
    /// the drain (`/readyz` turns 503 for `GATEWAY_DRAIN_SECONDS` while requests are served), then
    /// the closing of the open event streams, then the listener.
    public func serviceGroup() -> ServiceGroup {
        ServiceGroup(
            configuration: .init(
                services: [.init(service: application()), .init(service: StreamCloser(feed: feed)), .init(service: drain)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
    }

    /// The Hummingbird application on the configured address, with the event reader beside it.
    public func application() -> some ApplicationProtocol {
        var services: [any Service] = []
        do {
            services.append(try eventReader())
        } catch {
            logger.error("loyalty's events cannot be read (discount streams stay silent): \(error)")
        }
        return Application(
            router: router(),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "gateway"),
            services: services,
            logger: logger
        )
    }
}
