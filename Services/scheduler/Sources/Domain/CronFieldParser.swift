/// Parses one field of a cron expression into a bit set of allowed values.
///
/// Items are separated by commas; each is `*`, a value, a range `a-b`, optionally followed by a
/// step `/n` (`*/15`, `0-30/10`, `5/15` = `5-max/15`). Months and days of week accept
/// three-letter names (`JAN`, `mon-fri`); day-of-week 7 is Sunday like 0.
enum CronFieldParser {
    static func parse(_ text: String, _ field: CronField) throws(CronError) -> UInt64 {
        guard !text.isEmpty else { throw CronError(field, "is empty") }
        var bits: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            bits |= try parseItem(String(item), field)
        }
        if field == .dayOfWeek, bits & (1 << 7) != 0 { bits = (bits & ~(1 << 7)) | 1 }
        return bits
    }

    private static func parseItem(_ item: String, _ field: CronField) throws(CronError) -> UInt64 {
        guard !item.isEmpty else { throw CronError(field, "has an empty list item") }
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw CronError(field, "\"\(item)\" has more than one step") }
        var step = 1
        if parts.count == 2 {
            guard let value = Int(parts[1]), value > 0 else { throw CronError(field, "step \"\(parts[1])\" is not a positive number") }
            step = value
        }
        let rangeText = String(parts[0])
        let lower: Int
        let upper: Int
        if rangeText == "*" {
            lower = field.range.lowerBound
            upper = field == .dayOfWeek ? 6 : field.range.upperBound
        } else {
            let bounds = rangeText.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2 else { throw CronError(field, "\"\(rangeText)\" is not a value or a range") }
            lower = try value(String(bounds[0]), field)
            if bounds.count == 2 {
                upper = try value(String(bounds[1]), field)
                guard lower <= upper else { throw CronError(field, "range \(rangeText) starts after it ends") }
            } else {
                // `5/15` means from 5 to the end of the range, every 15.
                upper = parts.count == 2 ? (field == .dayOfWeek ? 6 : field.range.upperBound) : lower
            }
        }
        var bits: UInt64 = 0
        for value in stride(from: lower, through: upper, by: step) { bits |= 1 << UInt64(value) }
        return bits
    }

    private static func value(_ text: String, _ field: CronField) throws(CronError) -> Int {
        if let number = Int(text) {
            guard field.range.contains(number) else {
                throw CronError(field, "\(number) is outside \(field.range.lowerBound)-\(field.range.upperBound)")
            }
            return number
        }
        if let named = field.names[text.uppercased()] { return named }
        if field.names.isEmpty { throw CronError(field, "\"\(text)\" is not a number") }
        throw CronError(field, "\"\(text)\" is not a number or a name (\(field == .month ? "JAN-DEC" : "SUN-SAT"))")
    }
}
