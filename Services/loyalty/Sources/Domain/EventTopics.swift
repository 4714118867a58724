/// Outbox topics of the service: `<service>.<event>`.
public struct EventTopics: Sendable {
    public let service: String

    public init(service: String) { self.service = service }

    public var pointsEarned: String { "\(service).points_earned" }
    public var pointsRedeemed: String { "\(service).points_redeemed" }
    public var pointsExpired: String { "\(service).points_expired" }
    public var discountPending: String { "\(service).discount_pending" }
    public var discountShortfall: String { "\(service).discount_shortfall" }
    public var discountProcessing: String { "\(service).discount_processing" }
    public var discountApplied: String { "\(service).discount_applied" }
    public var discountFailed: String { "\(service).discount_failed" }
    public var discountExpired: String { "\(service).discount_expired" }
    public var storeKeyRotated: String { "\(service).store_key_rotated" }
}
