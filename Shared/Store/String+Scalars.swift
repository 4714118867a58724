import Foundation

extension String {
    /// Replaces a scalar everywhere. Works on unicode scalars, not Characters: a quote followed by a
    /// combining mark is one Character in Swift but still a bare quote byte to Postgres.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        guard unicodeScalars.contains(target) else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == target { result.append(contentsOf: replacement.unicodeScalars) } else { result.append(scalar) }
        }
        return String(result)
    }

    /// Drops leading and trailing whitespace (libpq messages end in a newline).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }

    /// True when the UTF-8 form holds a NUL byte; a `memchr` over contiguous storage, because the
    /// generic `utf8.contains` walked every SQL text and parameter byte by byte.
    var containsNUL: Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        }) {
            return found
        }
        return utf8.contains(0)
    }
}
