import Foundation

/// What storing one page of source markets changed, and which markets to settle.
public struct IngestPageResult: Sendable, Equatable {
    public var created = 0
    public var updated = 0
    public var closed = 0
    /// External ids whose outcome names no longer match ours (prices kept).
    public var mismatched: [String] = []
    /// Markets the source shows settled and not settled here: (our id, resolution).
    public var toResolve: [Resolution] = []

    /// A market to hand to the resolver.
    public struct Resolution: Sendable, Equatable {
        public var marketId: UUID
        public var externalId: String
        public var resolution: MarketResolution
    }

    public init() {}
}
