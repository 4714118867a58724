import Foundation
import Logging

/// A swift-log handler feeding a `LogRecorder`.
struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?
    private static let echo = ProcessInfo.processInfo.environment["POS_AGENT_TEST_LOGS"] != nil

    init(recorder: LogRecorder) { self.recorder = recorder }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }
        let line =
            fields.isEmpty
            ? "\(event.message)" : "\(event.message) \(fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        recorder.append(event.level, line)
        if Self.echo { print("[\(event.level)] \(line)") }
    }
}
