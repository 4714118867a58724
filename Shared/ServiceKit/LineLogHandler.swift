import Foundation
import Logging

/// `StreamLogHandler`'s line format on stderr, rendering the metadata when a line is written.
///
/// `StreamLogHandler` re-renders its whole metadata each time a key is set. Every call sets a
/// request id (gateway and bus router) and most calls log nothing, which made that rendering
/// ~3% of a process's CPU under load.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        let text = Self.line(
            timestamp: Self.timestamp(),
            level: event.level,
            label: label,
            metadata: merged,
            source: event.source,
            message: event.message
        )
        // One write(2) per line, so lines of concurrent tasks do not interleave.
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// One log line: `<timestamp> <level> <label> : k=v … [<source>] <message>`, keys sorted.
    static func line(
        timestamp: String,
        level: Logger.Level,
        label: String,
        metadata: Logger.Metadata,
        source: String,
        message: Logger.Message
    ) -> String {
        let rendered = metadata.isEmpty ? "" : " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(timestamp) \(level) \(label) :\(rendered) [\(source)] \(message)\n"
    }

    /// Local time as `2026-11-21T10:15:30+0300`, like `StreamLogHandler`.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
