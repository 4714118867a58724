import Foundation

/// `discount.txt` in the exchange directory: the agent writes a discount in points, 1C consumes (deletes) it.
public struct DiscountFile: Sendable {
    public static let name = "discount.txt"
    public let directory: URL
    public let url: URL

    public init(directory: URL) {
        self.directory = directory
        url = directory.appendingPathComponent(Self.name)
    }

    /// The exact bytes 1C expects: the bare integer, no newline, no decimals, UTF-8 without BOM (`250`).
    public static func contents(points: Int64) -> [UInt8] { Array(String(points).utf8) }

    /// Writes the discount atomically: 1C must never see a half-written file, so the bytes go to a temporary file
    /// in the same directory (same file system, so the rename is atomic) and are flushed before the rename.
    public func write(points: Int64) throws {
        try commit(try prepare(points: points))
    }

    /// The first half of `write`: the flushed temporary file, not yet visible to 1C. Between the two halves the
    /// worker records the discount in the state file, so that after a crash the temporary file still being there
    /// proves the rename (and so the discount) never happened.
    public func prepare(points: Int64) throws -> URL {
        let temporary = directory.appendingPathComponent("\(Self.temporaryPrefix)\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: Self.contents(points: points))
            try handle.synchronize()
            return temporary
        } catch {
            discard(temporary)
            throw error
        }
    }

    /// The second half of `write`: renames the prepared file to `discount.txt`; on failure the temporary file is removed.
    public func commit(_ temporary: URL) throws {
        do {
            // moveItem renames within a file system and refuses an existing target: a discount 1C has not consumed
            // is never replaced, even if a caller forgot to check.
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            discard(temporary)
            throw error
        }
    }

    /// Removes a prepared file that is not going to be committed.
    public func discard(_ temporary: URL) {
        try? FileManager.default.removeItem(at: temporary)
    }

    /// Temporary files start with a dot so 1C (looking for `discount.txt`) never picks one up.
    static let temporaryPrefix = ".\(name)."

    /// Removes temporary files a crash left between write and rename; returns how many.
    @discardableResult
    public func removeTemporaryLeftovers() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(Self.temporaryPrefix) && $0.hasSuffix(".tmp") }
            .filter { (try? FileManager.default.removeItem(at: directory.appendingPathComponent($0))) != nil }
            .count
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Removes the file; `false` when it was already gone (1C consumed it first).
    @discardableResult
    public func remove() throws -> Bool {
        do {
            try FileManager.default.removeItem(at: url)
            return true
        } catch let error as CocoaError where error.code == .fileNoSuchFile || error.code == .fileReadNoSuchFile {
            return false
        } catch {
            if !exists { return false }
            throw error
        }
    }

    /// How long ago the file was last modified; `nil` when there is no file.
    public func age(now: Date = Date()) -> TimeInterval? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return now.timeIntervalSince(modified)
    }

    /// What `removeIfOrphaned` found.
    public enum OrphanCheck: Sendable, Equatable {
        case none
        /// Older than the limit: nobody is going to consume it, so it was removed.
        case removed(age: TimeInterval)
        /// Young: 1C may still consume it, so it was left alone.
        case kept(age: TimeInterval)
    }

    /// Removes a `discount.txt` older than `maxAge` (left by a previous run or never consumed); a younger one is kept.
    public func removeIfOrphaned(maxAge: Duration, now: Date = Date()) throws -> OrphanCheck {
        guard let age = age(now: now) else { return .none }
        guard age >= maxAge.seconds else { return .kept(age: age) }
        return try remove() ? .removed(age: age) : .none
    }
}
