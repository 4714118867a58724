import ProtoBridge

/// ExternalApi (proto `markets.ExternalApi`).
public struct ExternalApi: ProtoCodable, Equatable {
    public static let protoName = "markets.ExternalApi"
    public var name: String
    public var baseUrl: String
    public var circuitState: String
    public var lastSuccessAt: String
    public var lastError: String
    public var lastErrorAt: String

    public init(name: String = "",
                baseUrl: String = "",
                circuitState: String = "",
                lastSuccessAt: String = "",
                lastError: String = "",
                lastErrorAt: String = "") {
        self.name = name
        self.baseUrl = baseUrl
        self.circuitState = circuitState
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}
