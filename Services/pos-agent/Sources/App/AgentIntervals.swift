/// The agent's timings; the defaults are production values, tests shorten them.
public struct AgentIntervals: Sendable {
    /// How often `amount.json` is read.
    public var amountPoll: Duration = .milliseconds(100)
    /// How often pending discounts are asked for (also the first back-off step).
    public var discountPoll: Duration = .milliseconds(500)
    /// How long 1C has to consume `discount.txt` before the discount counts as failed.
    public var consumeTimeout: Duration = .seconds(5)
    /// How often the agent looks whether 1C consumed `discount.txt`.
    public var consumeCheck: Duration = .milliseconds(50)
    /// A `discount.txt` older than this is nobody's: it is removed (at start and while waiting to write).
    public var orphanAge: Duration = .seconds(60)
    /// An unchanged amount is posted again this often; the backend keeps a precheck 60 s.
    public var precheckRefresh: Duration = .seconds(20)
    /// Upper bound of the exponential back-off while the backend is down.
    public var backoffMax: Duration = .seconds(10)
    /// Deadline of one HTTP request to the backend.
    public var requestTimeout: Duration = .seconds(5)
    /// Consecutive failed reads of `amount.json` that raise one critical alert.
    public var amountErrorAlertThreshold = 50

    public init() {}
}
