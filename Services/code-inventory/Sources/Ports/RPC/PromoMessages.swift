import Contracts
import ServiceKit

/// Domain promo values → proto mirrors.
enum PromoMessages {
    static func benefit(_ value: PromoBenefitValue) -> PromoBenefit {
        switch value {
        case .credits(let credits): return PromoBenefit(credits: Int32(clamping: credits))
        case .tier(let tier, let days): return PromoBenefit(tier: tier, days: Int32(clamping: days))
        }
    }

    static func promoCode(_ record: PromoCodeRecord) -> PromoCode {
        PromoCode(
            code: record.code,
            benefit: benefit(record.benefit),
            maxRedemptions: Int32(clamping: record.maxRedemptions),
            redemptions: Int32(clamping: record.redemptions),
            validFrom: Timestamps.format(record.validFrom),
            validUntil: Timestamps.format(record.validUntil),
            active: record.active,
            createdAt: Timestamps.format(record.createdAt)
        )
    }
}
