import ProtoBridge

/// Method "MyReferrals" (proto `markets.MyReferralsRequest`).
public struct MyReferralsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.MyReferralsRequest"

    public init() {}
}
