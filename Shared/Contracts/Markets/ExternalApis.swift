import ProtoBridge

/// ExternalApis (proto `markets.ExternalApis`).
public struct ExternalApis: ProtoCodable, Equatable {
    public static let protoName = "markets.ExternalApis"
    public var apis: [ExternalApi]

    public init(apis: [ExternalApi] = []) {
        self.apis = apis
    }
}
