import XCTest

@testable import Gateway

final class QRCodeSVGTests: XCTestCase {
    func test_svg_hasTheQuietZone_andOneUnitSquarePerDarkModule() throws {
        let code = try QRCode(encoding: "123456", level: .quartile)
        let svg = code.svg()
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\""))
        let dark = (0..<code.size).flatMap { row in (0..<code.size).filter { code[row, $0] } }.count
        // Every run "M x yhNv1h-Nz" covers N modules.
        let pattern = try NSRegularExpression(pattern: #"M\d+ \d+h(\d+)v1h-\d+z"#)
        let covered = pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).reduce(0) { sum, match in
            sum + Int((svg as NSString).substring(with: match.range(at: 1)))!
        }
        XCTAssertEqual(covered, dark)
        XCTAssertTrue(svg.contains("M4 4h7v1h-7z"), "the top-left finder's first row, after the 4-module quiet zone")
        XCTAssertFalse(svg.contains("<script"))
    }
}
