import ProtoBridge

/// Method "RunJobNow": runs the job now (whatever its schedule) and waits for its result (proto `scheduler.RunJobNowRequest`).
public struct RunJobNowRequest: ProtoCodable, Equatable {
    public static let protoName = "scheduler.RunJobNowRequest"
    public var name: String

    public init(name: String = "") {
        self.name = name
    }
}
