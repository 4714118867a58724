import ProtoBridge

/// Method "MyDisciplineStats" (proto `markets.DisciplineStatsRequest`).
public struct DisciplineStatsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.DisciplineStatsRequest"

    public init() {}
}
