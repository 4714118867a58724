import XCTest

@testable import Gateway

final class ReedSolomonEncoderTests: XCTestCase {
    func test_helloWorld1M_givesTheKnownErrorCorrection() {
        // "HELLO WORLD" at 1-M, the worked example of Thonky's QR tutorial.
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        XCTAssertEqual(ReedSolomonEncoder(degree: 10).remainder(of: data), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    func test_everyCodeword_isAMultipleOfTheGenerator_soItsSyndromesAreZero() {
        for degree in [7, 10, 13, 17, 22, 28] {
            let data = (0..<(44 - degree)).map { UInt8(($0 * 37 + degree) & 0xFF) }
            let codeword = data + ReedSolomonEncoder(degree: degree).remainder(of: data)
            for power in 0..<degree {
                let root = GaloisField256.exp[power]
                let value = codeword.reduce(UInt8(0)) { GaloisField256.multiply($0, root) ^ $1 }
                XCTAssertEqual(value, 0, "degree \(degree), root α^\(power)")
            }
        }
    }
}
