import CodeInventory
import Foundation

/// An object store whose read hands out `chunks` and then fails (a storage error halfway through a file).
struct FailingObjectStore: ObjectStore {
    struct ReadFailed: Error {}

    let chunks: [[UInt8]]

    func read(key: String, chunkBytes: Int, _ body: @Sendable ([UInt8]) async throws -> Void) async throws {
        for chunk in chunks { try await body(chunk) }
        throw ReadFailed()
    }
}
