import ProtoBridge

/// Method "IngestMarkets" (admin; the scheduler runs it as RunJob "markets-ingest") (proto `markets.IngestMarketsRequest`).
public struct IngestMarketsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.IngestMarketsRequest"

    public init() {}
}
