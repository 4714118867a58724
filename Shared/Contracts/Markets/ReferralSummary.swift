import ProtoBridge

/// ReferralSummary (proto `markets.ReferralSummary`).
public struct ReferralSummary: ProtoCodable, Equatable {
    public static let protoName = "markets.ReferralSummary"
    public var code: String
    public var referredUsers: [ReferredUser]
    public var creditsEarned: Int32

    public init(code: String = "",
                referredUsers: [ReferredUser] = [],
                creditsEarned: Int32 = 0) {
        self.code = code
        self.referredUsers = referredUsers
        self.creditsEarned = creditsEarned
    }
}
