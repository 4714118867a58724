import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension UUID {
    /// A random (version 4) UUID from the system's CSPRNG (`getrandom` on Linux).
    ///
    /// `UUID()` in swift-corelibs-foundation opens and reads `/dev/urandom` on every call (~3 µs
    /// here), and `SystemRandomNumberGenerator` makes one `getrandom` call per 8 bytes; request,
    /// reservation and event ids are made on every call, so they take their 16 bytes in one call.
    public static func random() -> UUID {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { raw in
            fillRandom(raw)
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: bytes)
    }

    /// The canonical text in lowercase (`8-4-4-4-12` hex digits), written by hand: Foundation's
    /// `uuidString` formats it through `snprintf`, and a request id is made for every HTTP request.
    public var lowercasedString: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                let digits: StaticString = "0123456789abcdef"
                var at = 0
                for (position, byte) in bytes.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = digits.utf8Start[Int(byte >> 4)]
                    text[at + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }

    /// Fills `buffer` (at most 256 bytes) from the kernel's CSPRNG in one `getrandom` call
    /// (glibc's `getentropy`).
    static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count <= 256, "getentropy fills at most 256 bytes")
        guard !buffer.isEmpty else { return }
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        if getentropy(buffer.baseAddress, buffer.count) == 0 { return }
        #endif
        // Only when the kernel has no getrandom(2) (before Linux 3.17).
        var generator = SystemRandomNumberGenerator()
        for index in 0..<buffer.count { buffer[index] = generator.next() }
    }
}
