import Foundation
import Logging
import Synchronization

/// Log lines captured by a test.
final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
}

/// A swift-log handler writing into `CapturedLogs` (and nowhere else).
struct CapturingLogHandler: LogHandler {
    let logs: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        logs.append("\(event.level) \(event.message)")
    }
}

enum RPCTestSupport {
    static func ipcURL() -> String { "ipc:///tmp/rpc-test-\(UUID().uuidString.prefix(12)).ipc" }

    static func logger(_ logs: CapturedLogs = CapturedLogs()) -> Logger {
        Logger(label: "test") { _ in CapturingLogHandler(logs: logs) }
    }
}

/// Counts calls in flight and remembers the highest count seen.
final class InFlightCounter: Sendable {
    private let state = Mutex<(current: Int, peak: Int)>((0, 0))
    func enter() {
        state.withLock {
            $0.current += 1
            $0.peak = max($0.peak, $0.current)
        }
    }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}
