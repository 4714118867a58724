import ProtoBridge

/// IngestMarketsReply (proto `markets.IngestMarketsReply`).
public struct IngestMarketsReply: ProtoCodable, Equatable {
    public static let protoName = "markets.IngestMarketsReply"
    public var fetched: Int32
    public var created: Int32
    public var updated: Int32
    public var closed: Int32
    public var resolved: Int32
    public var durationMs: Int32

    public init(fetched: Int32 = 0,
                created: Int32 = 0,
                updated: Int32 = 0,
                closed: Int32 = 0,
                resolved: Int32 = 0,
                durationMs: Int32 = 0) {
        self.fetched = fetched
        self.created = created
        self.updated = updated
        self.closed = closed
        self.resolved = resolved
        self.durationMs = durationMs
    }
}
