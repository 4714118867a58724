/// The modules of a QR code (true is dark), with the function patterns (finders, timing,
/// alignment, format information, the dark module) kept apart from the data area.
struct QRMatrix: Equatable {
    let size: Int
    private(set) var modules: [Bool]
    private(set) var isFunction: [Bool]

    /// An empty matrix of `version` with its function patterns drawn and its format area reserved.
    init(version: QRVersion) {
        size = version.size
        modules = [Bool](repeating: false, count: size * size)
        isFunction = modules
        for index in 0..<size {
            setFunction(row: 6, column: index, dark: index % 2 == 0)
            setFunction(row: index, column: 6, dark: index % 2 == 0)
        }
        drawFinder(row: 3, column: 3)
        drawFinder(row: 3, column: size - 4)
        drawFinder(row: size - 4, column: 3)
        let centres = version.alignmentCentres
        for row in centres {
            for column in centres where !isFunction[row * size + column] { drawAlignment(row: row, column: column) }
        }
        // Reserved now, written with the chosen mask at the end.
        drawFormat(level: .low, mask: QRMask(0)!)
    }

    subscript(row: Int, column: Int) -> Bool { modules[row * size + column] }

    private mutating func setFunction(row: Int, column: Int, dark: Bool) {
        modules[row * size + column] = dark
        isFunction[row * size + column] = true
    }

    /// A finder (7 × 7 rings) centred at `row`, `column`, with its light separator.
    private mutating func drawFinder(row: Int, column: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let (y, x) = (row + dy, column + dx)
                guard (0..<size).contains(y), (0..<size).contains(x) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(row: y, column: x, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// An alignment pattern (5 × 5 rings) centred at `row`, `column`.
    private mutating func drawAlignment(row: Int, column: Int) {
        for dy in -2...2 {
            for dx in -2...2 { setFunction(row: row + dy, column: column + dx, dark: max(abs(dx), abs(dy)) != 1) }
        }
    }

    /// The 15 format bits (level, mask, BCH code) in both copies, and the dark module.
    mutating func drawFormat(level: QRErrorCorrectionLevel, mask: QRMask) {
        let bits = Self.formatBits(level: level, mask: mask)
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // Around the top-left finder: down column 8, then left along row 8.
        for index in 0...5 { setFunction(row: index, column: 8, dark: bit(index)) }
        setFunction(row: 7, column: 8, dark: bit(6))
        setFunction(row: 8, column: 8, dark: bit(7))
        setFunction(row: 8, column: 7, dark: bit(8))
        for index in 9..<15 { setFunction(row: 8, column: 14 - index, dark: bit(index)) }
        // Split between the top-right and bottom-left finders.
        for index in 0..<8 { setFunction(row: 8, column: size - 1 - index, dark: bit(index)) }
        for index in 8..<15 { setFunction(row: size - 15 + index, column: 8, dark: bit(index)) }
        setFunction(row: size - 8, column: 8, dark: true)
    }

    /// Level and mask with their BCH(15,5) code, XOR 0x5412 (ISO/IEC 18004 §7.9).
    static func formatBits(level: QRErrorCorrectionLevel, mask: QRMask) -> Int {
        let data = level.formatBits << 3 | mask.pattern
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// Places the codewords' bits in the data area: two columns at a time from the right, going up
    /// and down in turn, skipping the vertical timing column. Remainder bits stay light.
    mutating func place(_ codewords: [UInt8]) {
        var bitIndex = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for offset in 0..<2 {
                    let index = row * size + right - offset
                    guard !isFunction[index], bitIndex < bitCount else { continue }
                    modules[index] = (codewords[bitIndex >> 3] >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// Inverts the data modules where `mask` says (applying it twice undoes it).
    mutating func apply(_ mask: QRMask) {
        for row in 0..<size {
            for column in 0..<size where !isFunction[row * size + column] && mask.inverts(row: row, column: column) {
                modules[row * size + column].toggle()
            }
        }
    }
}
