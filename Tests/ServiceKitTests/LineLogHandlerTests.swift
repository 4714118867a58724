import Logging
import XCTest

@testable import ServiceKit

final class LineLogHandlerTests: XCTestCase {
    func test_line_rendersSortedMetadata_sourceAndMessage() {
        let line = LineLogHandler.line(
            timestamp: "2026-11-21T10:15:30+0000",
            level: .warning,
            label: "code-inventory",
            metadata: ["request-id": "r-1", "method": "Reserve"],
            source: "Bus",
            message: "[promo-cleanup] deactivated 3"
        )
        XCTAssertEqual(line, "2026-11-21T10:15:30+0000 warning code-inventory : method=Reserve request-id=r-1 [Bus] [promo-cleanup] deactivated 3\n")
    }

    func test_line_withoutMetadata_hasNoGap() {
        let line = LineLogHandler.line(timestamp: "t", level: .info, label: "gateway", metadata: [:], source: "Gateway", message: "up")
        XCTAssertEqual(line, "t info gateway : [Gateway] up\n")
    }

    func test_metadataSetOnTheLogger_isKept_andLevelFilters() {
        var logger = Logger(label: "x") { LineLogHandler(label: $0, level: .notice) }
        logger[metadataKey: "request-id"] = "abc"
        XCTAssertEqual(logger[metadataKey: "request-id"], "abc")
        XCTAssertEqual(logger.logLevel, .notice)
        XCTAssertEqual(LineLogHandler.timestamp().count, "2026-11-21T10:15:30+0000".count)
    }
}
