extension QRMatrix {
    /// The penalty of the matrix as ISO/IEC 18004 §7.8.3 scores it (lower reads better): runs of
    /// five or more modules of one colour, 2 × 2 blocks, finder-like 1:1:3:1:1 patterns with four
    /// light modules beside them, and the share of dark modules away from half.
    var penalty: Int {
        var score = 0
        for line in 0..<size {
            score += Self.runPenalty((0..<size).map { self[line, $0] })
            score += Self.runPenalty((0..<size).map { self[$0, line] })
            score += Self.finderLikePenalty((0..<size).map { self[line, $0] })
            score += Self.finderLikePenalty((0..<size).map { self[$0, line] })
        }
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let colour = self[row, column]
                if self[row, column + 1] == colour, self[row + 1, column] == colour, self[row + 1, column + 1] == colour { score += 3 }
            }
        }
        let dark = modules.count(where: { $0 })
        let total = size * size
        score += 10 * (abs(dark * 20 - total * 10) / total)
        return score
    }

    /// 3 + (n − 5) for each run of n ≥ 5 modules of one colour.
    static func runPenalty(_ line: [Bool]) -> Int {
        var score = 0
        var run = 1
        for index in 1...line.count {
            if index < line.count, line[index] == line[index - 1] {
                run += 1
                continue
            }
            if run >= 5 { score += 3 + run - 5 }
            run = 1
        }
        return score
    }

    static let finderLike: [Bool] = [true, false, true, true, true, false, true]
    static let lightFour: [Bool] = [false, false, false, false]

    /// 40 for each dark-light-dark×3-light-dark run with four light modules before or after it.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let before = lightFour + finderLike
        let after = finderLike + lightFour
        guard line.count >= before.count else { return 0 }
        var score = 0
        for start in 0...(line.count - before.count) {
            let window = Array(line[start..<(start + before.count)])
            if window == before { score += 40 }
            if window == after { score += 40 }
        }
        return score
    }
}
