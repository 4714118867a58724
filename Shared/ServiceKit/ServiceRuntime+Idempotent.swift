import Bus
import ProtoBridge

extension ServiceRuntime {
    /// Registers a mutating method whose replies are replayed for a repeated idempotency key.
    public func registerIdempotent<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String, _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        let replies = IdempotentReplies(schema: config.schema, pool: database.pool)
        router.registerRaw(method) { body, context in
            try await replies.run(method: method, context: context) {
                let request: Request
                do {
                    request = try Request(serializedBytes: body)
                } catch {
                    throw RPCError.invalidArgument("body is not a valid \(Request.protoName)")
                }
                return try await handler(request, context).serializedBytes()
            }
        }
    }
}
