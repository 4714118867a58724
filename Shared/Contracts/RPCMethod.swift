import ProtoBridge

/// One rpc of a proto `service`: the service's name on the bus, the method's name, and its
/// request and reply types. `make proto` writes one per rpc in the `<Service>Methods` lists, so
/// handlers register and clients call methods the compiler knows, never strings.
public struct RPCMethod<Request: ProtoCodable, Response: ProtoCodable>: RPCMethodDescription {
    /// The bus name of the service that serves it (`loyalty`); empty for the platform's methods,
    /// which every service serves.
    public let service: String
    /// The method's name in the Envelope (`Earn`).
    public let name: String

    public init(service: String, name: String) {
        self.service = service
        self.name = name
    }

    public var requestType: String { Request.protoName }
    public var responseType: String { Response.protoName }

    /// The same method as served by `service` (for the platform's methods).
    public func on(_ service: String) -> RPCMethod {
        RPCMethod(service: service, name: name)
    }
}
