import ProtoBridge

/// One key of a job's summary, as the owning service reported it (proto `scheduler.SummaryField`).
public struct SummaryField: ProtoCodable, Equatable {
    public static let protoName = "scheduler.SummaryField"
    public var key: String
    public var value: String

    public init(key: String = "",
                value: String = "") {
        self.key = key
        self.value = value
    }
}
