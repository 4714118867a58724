/// Outbox topics of the service: `<service>.<event>` (the outbox requires that shape).
public struct EventTopics: Sendable {
    public let service: String

    public init(service: String) { self.service = service }

    /// A job reached its outcome (claimed, skipped, failed).
    public var claimRecorded: String { "\(service).claim_recorded" }
}
