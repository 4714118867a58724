import HTTPTypes
import Hummingbird

/// Takes a token of the client's bucket for every request: 429 with `Retry-After` when there is
/// none, and `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` on every answer.
///
/// The client is the TCP peer, or, when the peer is a trusted proxy, the right-most untrusted
/// address of `X-Forwarded-For` (`TrustedProxies`): a client cannot pick its own bucket.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter
    var trustedProxies = TrustedProxies()

    static let limitHeader = HTTPField.Name("RateLimit-Limit")!
    static let remainingHeader = HTTPField.Name("RateLimit-Remaining")!
    static let resetHeader = HTTPField.Name("RateLimit-Reset")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(
        _ request: Request,
        context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        let client = trustedProxies.client(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: Self.forwardedFor])
        let decision = limiter.take(client)
        let fields = Self.fields(decision)
        if let wait = decision.retryAfter {
            let seconds = max(1, wait.components.seconds + (wait.components.attoseconds > 0 ? 1 : 0))
            var headers = fields
            headers[.retryAfter] = String(seconds)
            throw GatewayError(.resourceExhausted, "rate limit exceeded; retry in \(seconds)s", headers: headers)
        }
        return try await answer(adding: fields) { try await next(request, context) }
    }

    static func fields(_ decision: RateLimitDecision) -> HTTPFields {
        [
            limitHeader: String(decision.limit),
            remainingHeader: String(decision.remaining),
            resetHeader: String(decision.resetSeconds),
        ]
    }
}
