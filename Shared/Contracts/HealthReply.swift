import ProtoBridge

/// Answer of the `Health` method (proto `platform.HealthReply`).
public struct HealthReply: ProtoCodable, Equatable {
    public static let protoName = "platform.HealthReply"
    public var service: String
    public var version: String
    public var databaseReachable: Bool
    public var uptimeSeconds: Int64
    public var instance: String

    public init(service: String, version: String, databaseReachable: Bool, uptimeSeconds: Int64, instance: String = "") {
        self.service = service
        self.version = version
        self.databaseReachable = databaseReachable
        self.uptimeSeconds = uptimeSeconds
        self.instance = instance
    }
}
