/// Why a cron expression was refused: the field (when one is at fault) and what is wrong.
public struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: CronField?
    public var message: String

    public init(_ field: CronField?, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `hour: 24 is outside 0-23`.
    public var description: String { field.map { "\($0.label): \(message)" } ?? message }
}
