import Bus
import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// Accepts a sane `X-Request-Id` or makes one, logs with it, and echoes it on the response.
struct RequestIdMiddleware: RouterMiddleware {
    static let header = HTTPField.Name("X-Request-Id")!

    func handle(
        _ request: Request,
        context: GatewayRequestContext,
        next: (Request, GatewayRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        let supplied = request.headers[Self.header] ?? ""
        context.requestId = Self.isValid(supplied) ? supplied : UUID.random().lowercasedString
        context.logger[metadataKey: "request-id"] = .string(context.requestId)
        do {
            var response = try await next(request, context)
            response.headers[Self.header] = context.requestId
            return response
        } catch let error as GatewayError {
            var error = error
            error.headers[Self.header] = context.requestId
            throw error
        } catch let error as any HTTPResponseError {
            var error = GatewayError(error)
            error.headers[Self.header] = context.requestId
            throw error
        }
    }

    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
    }
}
