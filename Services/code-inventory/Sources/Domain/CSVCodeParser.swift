/// Streaming CSV reader that yields the first column of each record, resumable between chunks.
///
/// The whole state is a few fields plus at most `maxFieldBytes` of the current value, and it is
/// `Codable`: an upload's chunks may reach different replicas, so the state between two chunks is
/// stored with the upload. Rules: UTF-8 BOM skipped; CR, LF and CRLF end a record; RFC 4180 quotes
/// (`""` inside quotes is one quote, commas and line breaks inside quotes are data); only the first
/// column counts; values are trimmed; empty lines and empty values are skipped; values longer than
/// `CodeRules.maxCodeLength` characters, with a NUL or with invalid UTF-8 are rejected.
public struct CSVCodeParser: Codable, Sendable, Equatable {
    /// Raw bytes kept of one value: a valid code is at most 128 × 4 bytes, the rest is slack for
    /// non-ASCII whitespace that trimming removes. A longer value is rejected without being kept.
    static let maxFieldBytes = 4096
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    private var bomMatched = 0
    private var bomDone = false
    private var column = 0
    private var atFieldStart = true
    private var inQuotes = false
    private var quotePending = false
    private var field: [UInt8] = []
    private var pendingWhitespace: [UInt8] = []
    private var overflow = false

    public init() {}

    /// Parses the next bytes of the stream; complete records go into `batch`.
    public mutating func feed(_ bytes: some Sequence<UInt8>, into batch: inout ParsedCodes) {
        for byte in bytes {
            if bomDone {
                consume(byte, &batch)
            } else {
                matchBOM(byte, &batch)
            }
        }
    }

    /// Ends the stream: a last record without a line break (or with an unterminated quote) counts.
    public mutating func finish(into batch: inout ParsedCodes) {
        if !bomDone { replayBOMPrefix(&batch) }
        inQuotes = false
        quotePending = false
        endRecord(&batch)
    }

    private mutating func matchBOM(_ byte: UInt8, _ batch: inout ParsedCodes) {
        if byte == Self.bom[bomMatched] {
            bomMatched += 1
            if bomMatched == Self.bom.count { bomDone = true }
            return
        }
        replayBOMPrefix(&batch)
        consume(byte, &batch)
    }

    /// The stream started like a BOM but was not one: those bytes are data.
    private mutating func replayBOMPrefix(_ batch: inout ParsedCodes) {
        bomDone = true
        for byte in Self.bom.prefix(bomMatched) { consume(byte, &batch) }
        bomMatched = 0
    }

    private mutating func consume(_ byte: UInt8, _ batch: inout ParsedCodes) {
        if inQuotes {
            if quotePending {
                quotePending = false
                if byte == UInt8(ascii: "\"") {
                    append(byte)
                    return
                }
                inQuotes = false
                // The quote closed the quoted part; this byte is read as unquoted below.
            } else {
                if byte == UInt8(ascii: "\"") {
                    quotePending = true
                } else {
                    append(byte)
                }
                return
            }
        }
        switch byte {
        case UInt8(ascii: ","):
            column = min(column + 1, 2)
            atFieldStart = true
        case 0x0A, 0x0D:
            endRecord(&batch)
        case UInt8(ascii: "\"") where atFieldStart:
            inQuotes = true
            atFieldStart = false
        default:
            append(byte)
        }
    }

    /// Adds a byte to the current value (first column only), trimming whitespace at both ends.
    private mutating func append(_ byte: UInt8) {
        let whitespace = Self.isWhitespace(byte)
        if !whitespace { atFieldStart = false }
        guard column == 0, !overflow else { return }
        if whitespace {
            guard !field.isEmpty else { return }
            // Past the limit it only matters whether text follows (then the value is too long anyway).
            if pendingWhitespace.count <= Self.maxFieldBytes { pendingWhitespace.append(byte) }
            return
        }
        if !pendingWhitespace.isEmpty {
            field.append(contentsOf: pendingWhitespace)
            pendingWhitespace.removeAll(keepingCapacity: true)
        }
        field.append(byte)
        if field.count > Self.maxFieldBytes {
            overflow = true
            field.removeAll()
        }
    }

    private mutating func endRecord(_ batch: inout ParsedCodes) {
        if overflow {
            batch.reject(.tooLong)
        } else if !field.isEmpty {
            switch CodeRules.code(fromUTF8: field) {
            case .success(let code?): batch.codes.append(code)
            case .success(nil): break
            case .failure(let reason): batch.reject(reason)
            }
        }
        column = 0
        atFieldStart = true
        inQuotes = false
        quotePending = false
        field.removeAll(keepingCapacity: true)
        pendingWhitespace.removeAll(keepingCapacity: true)
        overflow = false
    }

    /// ASCII whitespace (space, tab, LF, VT, FF, CR); other Unicode whitespace is trimmed at the end.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
