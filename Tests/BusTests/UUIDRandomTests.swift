import Foundation
import XCTest

@testable import Bus

/// Ids made on every call: version 4, RFC 4122 variant, and not repeating.
final class UUIDRandomTests: XCTestCase {
    func test_random_isAVersion4UUID_withTheRFC4122Variant() {
        for _ in 0..<1_000 {
            let id = UUID.random()
            XCTAssertEqual(id.uuid.6 >> 4, 4)
            XCTAssertEqual(id.uuid.8 >> 6, 0b10)
            XCTAssertNotNil(UUID(uuidString: id.uuidString))
        }
    }

    func test_random_doesNotRepeat_andUsesEveryOtherBit() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        XCTAssertEqual(Set(ids).count, ids.count)
        // Every bit outside version and variant is set in some id and clear in another.
        var ored = [UInt8](repeating: 0, count: 16)
        var anded = [UInt8](repeating: 0xFF, count: 16)
        for id in ids {
            withUnsafeBytes(of: id.uuid) { raw in
                for index in 0..<16 {
                    ored[index] |= raw[index]
                    anded[index] &= raw[index]
                }
            }
        }
        XCTAssertEqual(ored[6] & 0x0F, 0x0F)
        XCTAssertEqual(anded[6] & 0x0F, 0)
        for index in [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15] {
            XCTAssertEqual(ored[index], 0xFF, "byte \(index)")
            XCTAssertEqual(anded[index], 0, "byte \(index)")
        }
    }

    func test_fillRandom_fillsBuffersUpTo256Bytes() {
        for size in [0, 1, 16, 255, 256] {
            var buffer = [UInt8](repeating: 0, count: size)
            buffer.withUnsafeMutableBytes { UUID.fillRandom($0) }
            if size >= 16 { XCTAssertTrue(buffer.contains { $0 != 0 }, "\(size) bytes") }
        }
    }

    func test_lowercasedString_isFoundationsTextInLowercase() {
        for _ in 0..<1_000 {
            let id = UUID.random()
            XCTAssertEqual(id.lowercasedString, id.uuidString.lowercased())
        }
        let fixed = UUID(uuidString: "00FF10AB-CDEF-4123-8456-789ABCDEF012")!
        XCTAssertEqual(fixed.lowercasedString, "00ff10ab-cdef-4123-8456-789abcdef012")
    }
}
