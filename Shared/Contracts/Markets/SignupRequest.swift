import ProtoBridge

/// Method "Signup" (proto `markets.SignupRequest`).
public struct SignupRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.SignupRequest"
    public var email: String
    public var password: String
    public var username: String
    public var referralCode: String

    public init(email: String = "",
                password: String = "",
                username: String = "",
                referralCode: String = "") {
        self.email = email
        self.password = password
        self.username = username
        self.referralCode = referralCode
    }
}
