/// What happened to a discount at the till; the raw value is the `status` the backend expects.
public enum DiscountOutcome: String, Sendable, Equatable, Codable {
    /// 1C consumed `discount.txt`.
    case applied
    /// 1C did not consume it in time (or it could not be written).
    case failed
}
