import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Objects as files under a directory (`OBJECT_STORE_DIR`): key `a/b.csv` is `<directory>/a/b.csv`.
///
/// Only regular files whose real location lies inside the directory are objects: a symlink (of
/// the file or of any folder on its way) leading outside, a directory, a device or a FIFO is
/// "not found". The check is made on the opened file itself, so swapping a path for a symlink
/// between the check and the read gains nothing.
public struct LocalObjectStore: ObjectStore {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Keys are checked by `FileKey` (no `..`, no absolute paths) before they get here.
    public func read(key: String, chunkBytes: Int, _ body: @Sendable ([UInt8]) async throws -> Void) async throws {
        let handle = try open(key)
        defer { try? handle.close() }
        while true {
            guard let data = try handle.read(upToCount: chunkBytes), !data.isEmpty else { return }
            try await body([UInt8](data))
        }
    }

    /// Opens the object's file read-only (non-blocking, so a FIFO cannot hang the open) and checks
    /// what was opened: a regular file whose real path is inside the store's real path.
    private func open(_ key: String) throws -> FileHandle {
        guard let root = Self.realPath(directory.path) else { throw CodeInventoryError.objectNotFound(key) }
        let path = directory.appendingPathComponent(key).path
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw CodeInventoryError.objectNotFound(key) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
            let opened = Self.realPath("/proc/self/fd/\(descriptor)", link: true),
            opened.hasPrefix(root == "/" ? "/" : root + "/")
        else {
            close(descriptor)
            throw CodeInventoryError.objectNotFound(key)
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// The canonical absolute path (`realpath(3)`), or where an fd link points (`link`).
    private static func realPath(_ path: String, link: Bool = false) -> String? {
        if link {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(path, &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
