import Foundation

extension UUID: SQLEncodable, SQLDecodable, SQLArrayElement {
    public var sqlText: String? { lowercasedText }

    public init(sqlText: String) throws {
        guard let value = UUID(canonicalText: sqlText) ?? UUID(uuidString: sqlText) else {
            throw StoreError.decoding(UUID.self, sqlText)
        }
        self = value
    }

    /// Parses Postgres' text form (`8-4-4-4-12` hex digits). Foundation's `UUID(uuidString:)`
    /// goes through `sscanf`, which showed up in profiles: a reservation decodes ten of these.
    init?(canonicalText text: String) {
        var text = text
        let parsed = text.withUTF8 { bytes -> uuid_t? in
            guard bytes.count == 36 else { return nil }
            var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let complete = withUnsafeMutableBytes(of: &raw) { out -> Bool in
                var index = 0
                for byte in 0..<16 {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        guard bytes[index] == UInt8(ascii: "-") else { return false }
                        index += 1
                    }
                    guard let high = PostgresBytea.nibble(bytes[index]), let low = PostgresBytea.nibble(bytes[index + 1]) else { return false }
                    out[byte] = high << 4 | low
                    index += 2
                }
                return true
            }
            return complete ? raw : nil
        }
        guard let parsed else { return nil }
        self.init(uuid: parsed)
    }

    /// The lowercase `8-4-4-4-12` form, without Foundation's `sprintf`-based formatting.
    var lowercasedText: String {
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var index = 0
                for (position, byte) in raw.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        out[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    out[index] = digits[Int(byte >> 4)]
                    out[index + 1] = digits[Int(byte & 0x0f)]
                    index += 2
                }
                return index
            }
        }
    }
}
