/// Where import files live (`codes/{campaignId}/{type}/{file}.csv`); a local directory today, S3 later.
public protocol ObjectStore: Sendable {
    /// Reads the object in order, in pieces of at most `chunkBytes`; a missing object throws
    /// `CodeInventoryError.objectNotFound`.
    func read(key: String, chunkBytes: Int, _ body: @Sendable ([UInt8]) async throws -> Void) async throws
}
