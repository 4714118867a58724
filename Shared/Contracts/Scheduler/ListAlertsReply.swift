import ProtoBridge

/// ListAlertsReply (proto `scheduler.ListAlertsReply`).
public struct ListAlertsReply: ProtoCodable, Equatable {
    public static let protoName = "scheduler.ListAlertsReply"
    public var alerts: [SchedulerAlert]
    public var nextCursor: String

    public init(alerts: [SchedulerAlert] = [],
                nextCursor: String = "") {
        self.alerts = alerts
        self.nextCursor = nextCursor
    }
}
