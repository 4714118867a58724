/// How a message is written as JSON.
public struct ProtoJSONOptions: Sendable {
    /// proto3 JSON writes 64-bit integers as strings (JavaScript cannot hold them exactly).
    public var int64AsString: Bool
    /// Write scalar and repeated fields that hold their zero value (friendlier for REST clients).
    public var emitDefaults: Bool

    public init(int64AsString: Bool = true, emitDefaults: Bool = true) {
        self.int64AsString = int64AsString
        self.emitDefaults = emitDefaults
    }

    /// proto3 JSON as the gateway shows it.
    public static let standard = ProtoJSONOptions()
}
