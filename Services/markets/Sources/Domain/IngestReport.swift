/// The counts of one ingestion run.
public struct IngestReport: Sendable, Equatable {
    /// Markets read from the source (listings and follow-ups), refused ones included.
    public var fetched = 0
    public var created = 0
    /// Existing markets with a real change (closing included); a repeated run with nothing new is 0.
    public var updated = 0
    /// Markets that were open here and are closed from this run.
    public var closed = 0
    /// Markets handed to the resolver successfully.
    public var resolved = 0
    /// Markets the source sent that could not be stored.
    public var rejected = 0
    /// Resolver calls and follow-up lookups that failed (tried again next run).
    public var failed = 0

    public init() {}

    mutating func add(_ page: IngestPageResult) {
        created += page.created
        updated += page.updated
        closed += page.closed
    }
}
