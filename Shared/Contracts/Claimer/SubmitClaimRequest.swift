import ProtoBridge

/// Method "SubmitClaim": store/replace the user's API key (encrypted) and enqueue a bulk claim for `codes`, or, when empty, for every promo code code-inventory says is active now (proto `claimer.SubmitClaimRequest`).
public struct SubmitClaimRequest: ProtoCodable, Equatable {
    public static let protoName = "claimer.SubmitClaimRequest"
    public var userId: String
    public var apiKey: String
    public var codes: [String]

    public init(userId: String = "",
                apiKey: String = "",
                codes: [String] = []) {
        self.userId = userId
        self.apiKey = apiKey
        self.codes = codes
    }
}
