import Foundation
import Store

/// RFC 3339 times as the API shows and reads them (UTC, milliseconds).
public enum Timestamps {
    /// `2025-01-01T00:15:00.000Z`, truncated to the millisecond as Postgres stores a bound time.
    ///
    /// Years 1583 to 9999 are written by hand (`PostgresTimestamp`): every event and reply carries
    /// a few, and Foundation's format style was ~2% of loyalty's CPU per redemption. Other years,
    /// which no real time reaches, keep Foundation's text, so that `parse` reads back any text
    /// `format` wrote (Foundation counts days before the Gregorian reform of 1582 by the Julian calendar).
    public static func format(_ date: Date) -> String {
        guard (firstSecondOf1583..<firstSecondOf10000).contains(date.timeIntervalSince1970) else {
            return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        return PostgresTimestamp.format(date)
    }

    private static let firstSecondOf1583: TimeInterval = -12_212_553_600
    private static let firstSecondOf10000: TimeInterval = 253_402_300_800

    /// Parses RFC 3339 with or without fractional seconds; nil when it is not a timestamp.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
