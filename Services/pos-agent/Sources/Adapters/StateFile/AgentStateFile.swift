import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON state file (default `<EXCHANGE_DIR>/.pos-agent-state.json`, `STATE_FILE` to move it) holding the
/// agent's discount memory across restarts.
///
/// Every save replaces the whole file atomically: the JSON goes to a temporary file in the same directory (same
/// file system, so the rename is atomic), is flushed, and is renamed over the old one, so a crash leaves either the
/// old or the new state, never half of one. A missing file is an empty state (first start); an unreadable one is
/// logged and treated as empty, because refusing to start would stop the till, while an empty memory only loses the
/// protection against a repeat for the few discounts it held.
public struct AgentStateFile: Sendable {
    public static let defaultName = ".pos-agent-state.json"
    public let url: URL

    public init(url: URL) { self.url = url }

    /// The state file in `directory` under its default name.
    public init(directory: URL) { self.init(url: directory.appendingPathComponent(Self.defaultName)) }

    public var directory: URL { url.deletingLastPathComponent() }

    /// Temporary files start with a dot so they stay out of sight of 1C and of anyone browsing the directory.
    var temporaryPrefix: String {
        let name = url.lastPathComponent
        return (name.hasPrefix(".") ? name : ".\(name)") + "."
    }

    /// The stored state; `.empty` when there is no file. Throws when the file cannot be read or is not a state file.
    public func read() throws -> PersistedDiscountState {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
            return .empty
        }
        let state = try Self.decoder.decode(PersistedDiscountState.self, from: data)
        guard state.version == PersistedDiscountState.currentVersion else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unsupported state file version \(state.version)"))
        }
        return state
    }

    /// `read()` for start-up: a file that cannot be used is logged as an error naming it, and the agent starts empty.
    public func load(logger: Logger) -> PersistedDiscountState {
        do {
            return try read()
        } catch {
            logger.error(
                "cannot read the state file; starting with an empty discount memory",
                metadata: ["file": "\(url.path)", "error": "\(error)"]
            )
            return .empty
        }
    }

    /// Replaces the file atomically with `state` (temporary file, flush, rename, flush of the directory).
    public func save(_ state: PersistedDiscountState) throws {
        let data = try Self.encoder.encode(state)
        let temporary = directory.appendingPathComponent("\(temporaryPrefix)\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
            // rename(2), unlike FileManager.moveItem, replaces an existing target atomically.
            guard rename(temporary.path, url.path) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        syncDirectory()
    }

    /// Flushes the directory entry too, so after a power cut the rename is there rather than the previous state.
    private func syncDirectory() {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    /// Removes temporary files a crash left between write and rename; returns how many.
    @discardableResult
    public func removeTemporaryLeftovers() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(temporaryPrefix) && $0.hasSuffix(".tmp") }
            .filter { (try? FileManager.default.removeItem(at: directory.appendingPathComponent($0))) != nil }
            .count
    }

    /// Sorted, indented keys: a support engineer can read and diff the file.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date))
        }
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = ISO8601.parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an ISO 8601 time")
        }
        return decoder
    }
}
