/// The five fields of a cron expression, in order, with their ranges and names.
public enum CronField: Int, CaseIterable, Sendable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The name used in validation messages.
    public var label: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// Allowed values; day-of-week also accepts 7 (Sunday, stored as 0).
    public var range: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Three-letter names (case-insensitive) and their values.
    var names: [String: Int] {
        switch self {
        case .month:
            ["JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12]
        case .dayOfWeek:
            ["SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6]
        default:
            [:]
        }
    }
}
