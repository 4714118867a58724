import ProtoBridge

/// Method "Login" (proto `markets.LoginRequest`).
public struct LoginRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.LoginRequest"
    public var email: String
    public var password: String

    public init(email: String = "",
                password: String = "") {
        self.email = email
        self.password = password
    }
}
