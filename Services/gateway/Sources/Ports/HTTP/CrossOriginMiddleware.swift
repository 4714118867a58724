import HTTPTypes
import Hummingbird

/// CORS for `/api/*`: an allowed origin gets `Access-Control-Allow-Origin` on every answer (errors
/// included) and its preflight `OPTIONS` is answered 204 with the methods and headers the API takes;
/// any other origin's preflight is 403 and its requests get no CORS header.
struct CrossOriginMiddleware: RouterMiddleware {
    let policy: CORSPolicy

    func handle(
        _ request: Request,
        context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        let origin = request.headers[.origin]
        let allowed = policy.allows(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed, let origin else {
                throw GatewayError(.permissionDenied, "origin \(origin ?? "(none)") may not call this API", httpStatus: .forbidden)
            }
            return Response(status: .noContent, headers: Self.preflightFields(origin))
        }
        guard allowed, let origin else { return try await next(request, context) }
        return try await answer(adding: Self.fields(origin)) { try await next(request, context) }
    }

    /// The headers of every answer to an allowed origin.
    static func fields(_ origin: String) -> HTTPFields {
        [
            .accessControlAllowOrigin: origin,
            .accessControlExposeHeaders: CORSPolicy.exposedHeaders,
            .vary: "Origin",
        ]
    }

    /// The answer to an allowed origin's preflight.
    static func preflightFields(_ origin: String) -> HTTPFields {
        [
            .accessControlAllowOrigin: origin,
            .accessControlAllowMethods: CORSPolicy.allowedMethods,
            .accessControlAllowHeaders: CORSPolicy.allowedHeaders,
            .accessControlMaxAge: CORSPolicy.maxAge,
            .vary: "Origin",
        ]
    }
}
