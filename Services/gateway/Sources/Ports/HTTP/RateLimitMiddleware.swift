import Hummingbird

/// Answers 429 with `Retry-After` when a client exceeds its token bucket.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter

    func handle(
        _ request: Request,
        context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        let key = clientKey(request, context)
        if let wait = limiter.acquire(key) {
            let seconds = max(1, wait.components.seconds + (wait.components.attoseconds > 0 ? 1 : 0))
            throw GatewayError(
                .resourceExhausted,
                "rate limit exceeded; retry in \(seconds)s",
                headers: [.retryAfter: String(seconds)]
            )
        }
        return try await next(request, context)
    }

    private func clientKey(_ request: Request, _ context: GatewayRequestContext) -> String {
        if let address = context.remoteAddress?.ipAddress { return address }
        return "unknown"
    }
}
