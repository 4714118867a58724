import Foundation

/// Formats and parses Postgres timestamps by hand: no locale, no formatter state, proleptic Gregorian
/// calendar exactly as Postgres uses it.
public enum PostgresTimestamp {
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, truncated (floored) to the millisecond; years before 1 get ` BC`.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (days, msOfDay) = floorDivision(milliseconds, millisecondsPerDay)
        let civil = CivilDate(dayNumber: Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let millisecond = msOfDay % 1000
        // Written byte by byte: every timestamp bound to a statement goes through here, several per
        // request, and interpolating padded strings cost a fiftieth of loyalty's CPU per earn.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        let fields: [(value: Int64, width: Int, then: Unicode.Scalar)] = [
            (year <= 0 ? 1 - year : year, 4, "-"), (month, 2, "-"), (day, 2, "T"),
            (hour, 2, ":"), (minute, 2, ":"), (second, 2, "."), (millisecond, 3, "Z"),
        ]
        for field in fields {
            append(field.value, width: field.width, to: &bytes)
            bytes.append(UInt8(ascii: field.then))
        }
        if year <= 0 { bytes.append(contentsOf: " BC".utf8) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `date`, `timestamp` and `timestamptz` output in ISO DateStyle. A missing offset means UTC.
    static func parse(_ text: String) throws -> Date {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        var scanner = ByteScanner(Array(text.utf8))
        guard let rawYear = scanner.number(minDigits: 4, maxDigits: 9), scanner.skip("-"),
            let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip("-"),
            let day = scanner.number(minDigits: 2, maxDigits: 2),
            (1...12).contains(month), (1...31).contains(day)
        else { throw malformed(text) }
        var seconds: Int64 = 0
        var fraction = 0.0
        var offsetSeconds: Int64 = 0
        var bc = false
        if scanner.skip("T") || scanner.skip(" ") {
            if scanner.peekDigit() {
                guard let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                    let minute = scanner.number(minDigits: 2, maxDigits: 2),
                    hour <= 24, minute < 60
                else { throw malformed(text) }
                seconds = hour * 3600 + minute * 60
                if scanner.skip(":") {
                    guard let second = scanner.number(minDigits: 2, maxDigits: 2), second <= 60 else { throw malformed(text) }
                    seconds += second
                    if scanner.skip(".") {
                        guard let digits = scanner.digits(), !digits.isEmpty else { throw malformed(text) }
                        fraction = Double("0." + digits) ?? 0
                    }
                }
                _ = scanner.skip(" ")
                if scanner.skip("Z") {
                    offsetSeconds = 0
                } else if let sign = scanner.sign() {
                    guard let hours = scanner.number(minDigits: 2, maxDigits: 2) else { throw malformed(text) }
                    var offset = hours * 3600
                    if scanner.skip(":") {
                        guard let minutes = scanner.number(minDigits: 2, maxDigits: 2) else { throw malformed(text) }
                        offset += minutes * 60
                        if scanner.skip(":") {
                            guard let secs = scanner.number(minDigits: 2, maxDigits: 2) else { throw malformed(text) }
                            offset += secs
                        }
                    }
                    offsetSeconds = sign * offset
                }
            }
            _ = scanner.skip(" ")
        }
        if scanner.skip("BC") { bc = true }
        guard scanner.isAtEnd else { throw malformed(text) }
        let year = bc ? 1 - rawYear : rawYear
        let days = Int64(CivilDate(year: Int(year), month: Int(month), day: Int(day)).dayNumber)
        let wholeSeconds = days * 86_400 + seconds - offsetSeconds
        return Date(timeIntervalSince1970: Double(wholeSeconds) + fraction)
    }

    private static func malformed(_ text: String) -> StoreError {
        StoreError(kind: .decoding, message: "malformed timestamp (\(text.utf8.count) bytes)")
    }

    /// Appends the decimal digits of `value` (not negative), zero-padded to at least `width`.
    static func append(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        var count = 1
        while count < width || value / divisor >= 10 {
            divisor *= 10
            count += 1
        }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: rest / divisor) + UInt8(ascii: "0"))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func floorDivision(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let quotient = a / b
        let remainder = a % b
        return remainder < 0 ? (quotient - 1, remainder + b) : (quotient, remainder)
    }
}
