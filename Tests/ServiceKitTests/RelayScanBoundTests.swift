import XCTest

@testable import ServiceKit

final class RelayScanBoundTests: XCTestCase {
    private let start = ContinuousClock.now

    private func at(_ seconds: Double) -> ContinuousClock.Instant {
        start.advanced(by: .milliseconds(Int(seconds * 1_000)))
    }

    func test_firstPass_sweepsEverything() {
        var bound = RelayScanBound(settle: .seconds(1), sweepInterval: .seconds(5))
        XCTAssertEqual(bound.lowerBound(at: at(0)), 0)
    }

    func test_bound_risesToEventsNumberedAtLeastSettleAgo() {
        var bound = RelayScanBound(settle: .seconds(1), sweepInterval: .seconds(5))
        _ = bound.lowerBound(at: at(0))
        bound.record(highestCreated: 10, at: at(0.1))
        bound.record(highestCreated: 25, at: at(0.6))
        XCTAssertEqual(bound.lowerBound(at: at(1.0)), 0, "nothing was numbered a whole settle ago")
        XCTAssertEqual(bound.lowerBound(at: at(1.1)), 10)
        XCTAssertEqual(bound.lowerBound(at: at(1.5)), 10)
        XCTAssertEqual(bound.lowerBound(at: at(1.6)), 25)
    }

    func test_sweep_comesBackEverySweepInterval() {
        var bound = RelayScanBound(settle: .zero, sweepInterval: .seconds(5))
        _ = bound.lowerBound(at: at(0))
        bound.record(highestCreated: 7, at: at(0.1))
        XCTAssertEqual(bound.lowerBound(at: at(4.9)), 7)
        XCTAssertEqual(bound.lowerBound(at: at(5.0)), 0, "a sweep is due")
        XCTAssertEqual(bound.lowerBound(at: at(5.1)), 7, "and the bound is back after it")
        XCTAssertEqual(bound.lowerBound(at: at(10.0)), 0)
    }

    func test_bound_neverFalls_andPassesThatNumberNothingLeaveIt() {
        var bound = RelayScanBound(settle: .zero, sweepInterval: .seconds(60))
        _ = bound.lowerBound(at: at(0))
        bound.record(highestCreated: 40, at: at(0.1))
        bound.record(highestCreated: nil, at: at(0.2))
        // A later pass numbered only an older straggler: the bound stays where it was.
        bound.record(highestCreated: 12, at: at(0.3))
        XCTAssertEqual(bound.lowerBound(at: at(1)), 40)
    }
}
