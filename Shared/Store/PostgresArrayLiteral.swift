/// The text form of one-dimensional Postgres arrays (`{"a","b\"c",NULL}`).
enum PostgresArrayLiteral {
    /// Every element is double-quoted so that commas, braces, spaces and the word NULL stay data.
    ///
    /// Built as UTF-8 bytes: `"` and `\` are ASCII and never part of a multi-byte sequence, and
    /// appending scalar by scalar to a String cost more than the rest of a reserve's SQL.
    static func encode(_ elements: [String?]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 + elements.reduce(0) { $0 + ($1?.utf8.count ?? 4) + 3 })
        bytes.append(UInt8(ascii: "{"))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let element else {
                bytes.append(contentsOf: "NULL".utf8)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in element.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses Postgres array output; unquoted `NULL` is nil. Multi-dimensional arrays are rejected.
    static func decode(_ text: String) throws -> [String?] {
        var scalars = Array(text.unicodeScalars)[...]
        // Arrays with non-default bounds are printed as "[0:2]={...}"; the bounds carry no data we keep.
        if scalars.first == "[" {
            guard let equals = scalars.firstIndex(of: "=") else { throw malformed(text) }
            scalars = scalars[(equals + 1)...]
        }
        guard scalars.first == "{", scalars.last == "}" else { throw malformed(text) }
        scalars = scalars.dropFirst().dropLast()
        var elements: [String?] = []
        if scalars.allSatisfy({ $0.properties.isWhitespace }) { return elements }

        var iterator = scalars.makeIterator()
        var current = String.UnicodeScalarView()
        var quoted = false
        var wasQuoted = false
        var escaped = false
        func finish() throws {
            if wasQuoted {
                elements.append(String(current))
            } else {
                let trimmed = String(current).trimmingWhitespace()
                if trimmed.isEmpty { throw malformed(text) }
                elements.append(trimmed.uppercased() == "NULL" ? nil : trimmed)
            }
            current = String.UnicodeScalarView()
            wasQuoted = false
        }
        while let scalar = iterator.next() {
            if escaped {
                current.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "\"" {
                quoted.toggle()
                wasQuoted = true
            } else if quoted {
                current.append(scalar)
            } else if scalar == "," {
                try finish()
            } else if scalar == "{" || scalar == "}" {
                throw StoreError(kind: .decoding, message: "multi-dimensional arrays are not supported")
            } else if wasQuoted && !scalar.properties.isWhitespace {
                throw malformed(text)
            } else if !wasQuoted {
                current.append(scalar)
            }
        }
        if quoted || escaped { throw malformed(text) }
        try finish()
        return elements
    }

    private static func malformed(_ text: String) -> StoreError {
        StoreError(kind: .decoding, message: "malformed array literal (\(text.utf8.count) bytes)")
    }
}
