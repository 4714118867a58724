/// The bytes of nanomsg's SP-over-TCP mapping, built by hand so tests can also get them wrong.
///
/// A connection starts with an 8-byte header from each side: `00 'S' 'P' 00`, the sender's
/// socket type as a big-endian UInt16, two reserved bytes. Then every message is a big-endian
/// UInt64 length and that many bytes (raw sockets' routing headers are part of those bytes).
public enum SPWire {
    /// Socket-type ids by name (nanomsg's `NN_<protocol> * 16 + n`; raw sockets use the same ids).
    public static let socketTypes: [(name: String, id: UInt16)] = [
        ("PAIR", 16), ("PUB", 32), ("SUB", 33), ("REQ", 48), ("REP", 49),
        ("PUSH", 80), ("PULL", 81), ("SURVEYOR", 98), ("RESPONDENT", 99), ("BUS", 112),
    ]

    /// The header announcing `socketType`; `magic`, `version` and `reserved` exist to be broken.
    public static func handshake(
        _ socketType: UInt16,
        magic: [UInt8] = [0, 0x53, 0x50],
        version: UInt8 = 0,
        reserved: UInt16 = 0
    ) -> [UInt8] {
        magic + [version] + bigEndian(socketType) + bigEndian(reserved)
    }

    /// One message: `declaredLength` (the real length unless the test lies) and the body.
    public static func frame(_ body: [UInt8], declaredLength: UInt64? = nil) -> [UInt8] {
        bigEndian(declaredLength ?? UInt64(body.count)) + body
    }

    /// A request as a REQ peer frames it: its routing stack (the last hop has the top bit set), then the body.
    public static func request(hops: [UInt32], body: [UInt8]) -> [UInt8] {
        hops.flatMap { bigEndian($0) } + body
    }

    static func bigEndian<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
