/// Outbox topics of the service: `<service>.<event>` (the outbox requires that shape).
public struct EventTopics: Sendable {
    public let service: String

    public init(service: String) { self.service = service }

    public var codesImported: String { "\(service).codes_imported" }
    public var codesReserved: String { "\(service).codes_reserved" }
    public var codesAssigned: String { "\(service).codes_assigned" }
    public var codesReleased: String { "\(service).codes_released" }
    public var promoRedeemed: String { "\(service).promo_redeemed" }
    /// A promo code was created (`PromoCodeCreated`); the claimer enqueues it for every user with a key.
    public var promoCodeCreated: String { "\(service).promo_code_created" }
}
