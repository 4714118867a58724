import Logging
import Store

/// What a job runs with.
public struct JobContext: Sendable {
    public var database: ConnectionPool
    public var clock: any WallClock
    public var logger: Logger
}
