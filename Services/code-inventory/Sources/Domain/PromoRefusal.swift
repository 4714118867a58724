/// Why a promo code cannot be redeemed right now.
public enum PromoRefusal: String, Sendable, Equatable {
    case inactive
    case notYetValid = "not_yet_valid"
    case expired
    case exhausted
}
