import ProtoBridge

/// Method "DeleteApiKey": forget the key and cancel the user's waiting jobs (proto `claimer.DeleteApiKeyRequest`).
public struct DeleteApiKeyRequest: ProtoCodable, Equatable {
    public static let protoName = "claimer.DeleteApiKeyRequest"
    public var userId: String

    public init(userId: String = "") {
        self.userId = userId
    }
}
