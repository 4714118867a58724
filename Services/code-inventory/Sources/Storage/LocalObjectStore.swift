import Foundation

/// Objects as files under a directory (`OBJECT_STORE_DIR`): key `a/b.csv` is `<directory>/a/b.csv`.
public struct LocalObjectStore: ObjectStore {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Keys are checked by `FileKey` (no `..`, no absolute paths) before they get here; the
    /// standardized path must still lie inside the directory.
    public func read(key: String, chunkBytes: Int, _ body: @Sendable ([UInt8]) async throws -> Void) async throws {
        let root = directory.standardizedFileURL.path
        let file = directory.appendingPathComponent(key).standardizedFileURL
        guard file.path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { throw CodeInventoryError.objectNotFound(key) }
        guard let handle = try? FileHandle(forReadingFrom: file) else { throw CodeInventoryError.objectNotFound(key) }
        defer { try? handle.close() }
        while true {
            guard let data = try handle.read(upToCount: chunkBytes), !data.isEmpty else { return }
            try await body([UInt8](data))
        }
    }
}
