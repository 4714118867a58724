/// One key of a run's summary, as the owning service reported it.
public struct SummaryEntry: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
