import HTTPTypes
import Hummingbird

extension RouterMiddleware {
    /// `next`'s answer with `fields` added, also when it fails: an HTTP error is rethrown as a
    /// `GatewayError` carrying them, so the client sees them on error answers too.
    func answer(adding fields: HTTPFields, _ next: () async throws -> Response) async throws -> Response {
        do {
            var response = try await next()
            response.headers.append(contentsOf: fields)
            return response
        } catch var error as GatewayError {
            error.headers.append(contentsOf: fields)
            throw error
        } catch let error as any HTTPResponseError {
            var error = GatewayError(error)
            error.headers.append(contentsOf: fields)
            throw error
        }
    }
}
