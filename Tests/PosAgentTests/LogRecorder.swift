import Logging
import Synchronization

/// Log lines captured by a test, with their levels.
final class LogRecorder: Sendable {
    private let entries = Mutex<[(level: Logger.Level, message: String)]>([])

    func append(_ level: Logger.Level, _ message: String) { entries.withLock { $0.append((level, message)) } }

    func count(_ level: Logger.Level, containing text: String = "") -> Int {
        entries.withLock { $0.filter { $0.level == level && (text.isEmpty || $0.message.contains(text)) }.count }
    }

    func messages(_ level: Logger.Level) -> [String] { entries.withLock { $0.filter { $0.level == level }.map(\.message) } }

    /// A logger that writes here only (and to stdout when `POS_AGENT_TEST_LOGS` is set, to debug a failing test).
    func logger(label: String = "pos-agent-test") -> Logger {
        Logger(label: label) { _ in RecordingLogHandler(recorder: self) }
    }
}
