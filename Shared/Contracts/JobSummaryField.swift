import ProtoBridge

/// One key/value of a job's summary (proto `platform.JobSummaryField`).
public struct JobSummaryField: ProtoCodable, Equatable {
    public static let protoName = "platform.JobSummaryField"
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
