import ProtoBridge

/// Method "UpdateJob": changes the given fields; absent fields stay as they are (proto `scheduler.UpdateJobRequest`).
public struct UpdateJobRequest: ProtoCodable, Equatable {
    public static let protoName = "scheduler.UpdateJobRequest"
    public var name: String
    public var cron: String?
    public var timezone: String?
    public var enabled: Bool?
    public var overlap: String?
    public var catchUpWindowSeconds: Int32?

    public init(name: String = "",
                cron: String? = nil,
                timezone: String? = nil,
                enabled: Bool? = nil,
                overlap: String? = nil,
                catchUpWindowSeconds: Int32? = nil) {
        self.name = name
        self.cron = cron
        self.timezone = timezone
        self.enabled = enabled
        self.overlap = overlap
        self.catchUpWindowSeconds = catchUpWindowSeconds
    }
}
