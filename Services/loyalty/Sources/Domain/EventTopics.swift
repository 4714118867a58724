/// Outbox topics of the service: `<service>.<event>`.
public struct EventTopics: Sendable {
    public let service: String

    public init(service: String) { self.service = service }

    public var pointsEarned: String { "\(service).points_earned" }
    public var pointsRedeemed: String { "\(service).points_redeemed" }
    public var pointsExpired: String { "\(service).points_expired" }
    public var discountPending: String { "\(service).discount_pending" }
    public var discountShortfall: String { "\(service).discount_shortfall" }
}
