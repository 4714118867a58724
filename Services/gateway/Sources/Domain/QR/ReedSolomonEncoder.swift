/// The error-correction codewords of a block: the remainder of data(x)·xⁿ divided by the generator
/// polynomial (x − α⁰)(x − α¹)…(x − αⁿ⁻¹) over GF(2⁸).
struct ReedSolomonEncoder {
    /// The generator's coefficients, highest degree first, without its leading 1.
    let generator: [UInt8]

    init(degree: Int) {
        var coefficients: [UInt8] = [1]
        for power in 0..<degree {
            let root = GaloisField256.exp[power]
            var next = [UInt8](repeating: 0, count: coefficients.count + 1)
            for (index, coefficient) in coefficients.enumerated() {
                next[index] ^= coefficient
                next[index + 1] ^= GaloisField256.multiply(coefficient, root)
            }
            coefficients = next
        }
        generator = Array(coefficients.dropFirst())
    }

    /// The `generator.count` error-correction codewords of `data`.
    func remainder(of data: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in generator.indices { remainder[index] ^= GaloisField256.multiply(generator[index], factor) }
        }
        return remainder
    }
}
