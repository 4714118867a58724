import Bus
import Contracts
import ProtoBridge

extension ServiceRuntime {
    /// Registers a declared mutating rpc whose replies are replayed for a repeated idempotency key.
    public func registerIdempotent<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: RPCMethod<Request, Response>,
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        registerIdempotent(method.name, handler)
    }

    /// Registers a mutating method whose replies are replayed for a repeated idempotency key.
    public func registerIdempotent<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: String,
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        let replies = IdempotentReplies(schema: config.schema, pool: database.pool)
        let typed = RPCRouter.typed(handler)
        router.registerRaw(method) { body, context in
            try await replies.run(method: method, context: context, request: body) { try await typed(body, context) }
        }
    }
}
