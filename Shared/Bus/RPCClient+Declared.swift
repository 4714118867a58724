import Contracts
import ProtoBridge

extension RPCClient {
    /// Calls a declared rpc and decodes its reply; a non-OK status throws `RPCError`.
    public func call<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: RPCMethod<Request, Response>,
        _ request: Request,
        options: CallOptions = CallOptions()
    ) async throws -> Response {
        try await call(method.name, request, as: Response.self, options: options)
    }
}
