import ProtoBridge

/// Method "ClaimDailyCredits": once per UTC day; a streak of consecutive days pays more (proto `markets.ClaimDailyCreditsRequest`).
public struct ClaimDailyCreditsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ClaimDailyCreditsRequest"

    public init() {}
}
