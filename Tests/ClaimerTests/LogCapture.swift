import Foundation
import Logging
import Synchronization

/// Every line a logger wrote, with its metadata, for assertions on what a service logs.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func handler() -> CaptureHandler { CaptureHandler(capture: self) }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.append("\(event.level) \(event.message) \(all)")
        }
    }
}
