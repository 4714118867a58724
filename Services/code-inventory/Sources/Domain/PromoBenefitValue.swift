/// What redeeming a promo code gives (integers only: credits are minor units).
public enum PromoBenefitValue: Sendable, Equatable {
    case credits(Int)
    case tier(String, days: Int)
}
