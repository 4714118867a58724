import Contracts
import ProtoBridge

extension RPCRouter {
    /// Registers the handler of a declared rpc: its name and types come from the proto `service`.
    public func register<Request: ProtoCodable, Response: ProtoCodable>(
        _ method: RPCMethod<Request, Response>,
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        register(method.name, handler)
    }

    /// Registers a declared rpc served on wire bytes (a handler that replays cached replies
    /// or streams chunks without decoding them).
    public func registerRaw(_ method: some RPCMethodDescription, _ handler: @escaping RawHandler) {
        registerRaw(method.name, handler)
    }
}
