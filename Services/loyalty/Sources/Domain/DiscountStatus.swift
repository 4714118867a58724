/// The life of a pending discount: pending → processing (handed to the agent) → applied | failed |
/// expired; an expired one becomes applied (late) when the till's `applied` arrives after the expiry.
public enum DiscountStatus: String, Sendable, Equatable {
    case pending, processing, applied, failed, expired

    /// Still waiting for the till.
    public var isOpen: Bool { self == .pending || self == .processing }
}
