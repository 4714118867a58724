import Foundation
import Markets
import XCTest

/// Micro-share fixed point and the floored arithmetic of quoted bets and payouts.
final class FixedPointTests: XCTestCase {
    func test_format_showsExactlySixFractionDigits() {
        XCTAssertEqual(MicroShares.format(0), "0.000000")
        XCTAssertEqual(MicroShares.format(1), "0.000001")
        XCTAssertEqual(MicroShares.format(12_500_000), "12.500000")
        XCTAssertEqual(MicroShares.format(166_666_666), "166.666666")
        XCTAssertEqual(MicroShares.format(-500_000), "-0.500000")
        XCTAssertEqual(MicroShares.format(1_000_000_000_000), "1000000.000000")
    }

    func test_parse_readsDecimalsExactly_andRefusesWhatItWouldHaveToRound() {
        XCTAssertEqual(MicroShares.parse("12"), 12_000_000)
        XCTAssertEqual(MicroShares.parse("12.5"), 12_500_000)
        XCTAssertEqual(MicroShares.parse("12.500000"), 12_500_000)
        XCTAssertEqual(MicroShares.parse(".5"), 500_000)
        XCTAssertEqual(MicroShares.parse("0.000001"), 1)
        XCTAssertEqual(MicroShares.parse("0"), 0)
        for bad in ["", ".", "12.", "12.5000001", "-1", "+1", "1e3", " 1", "1 ", "1,5", "0x10", "١٢", "NaN", "99999999999999999999"] {
            XCTAssertNil(MicroShares.parse(bad), bad)
        }
    }

    func test_formatThenParse_roundTrips() {
        for value: Int64 in [0, 1, 999_999, 1_000_000, 166_666_666, 123_456_789_012] {
            XCTAssertEqual(MicroShares.parse(MicroShares.format(value)), value)
        }
    }

    func test_sharesAtAQuote_floorToTheMicroShare() {
        XCTAssertEqual(BetMath.shares(amount: 100, priceMicros: 600_000), 166_666_666)  // 166.6666666… floored
        XCTAssertEqual(BetMath.shares(amount: 10, priceMicros: 1_000_000), 10_000_000)
        XCTAssertEqual(BetMath.shares(amount: 10_000, priceMicros: 10_000), 1_000_000_000_000)  // the largest bet at the 1 ¢ floor
    }

    func test_quotesBelowOneCent_executeAtOneCent() {
        XCTAssertEqual(BetMath.executionPrice(quotedMicros: 0), 10_000)
        XCTAssertEqual(BetMath.executionPrice(quotedMicros: 9_999), 10_000)
        XCTAssertEqual(BetMath.executionPrice(quotedMicros: 600_000), 600_000)
    }

    func test_saleProceeds_floorToTheCredit() {
        XCTAssertEqual(BetMath.proceeds(sharesMicros: 116_666_666, priceMicros: 600_000), 69)  // 69.9999996
        XCTAssertEqual(BetMath.proceeds(sharesMicros: 50_000_000, priceMicros: 600_000), 30)
        XCTAssertEqual(BetMath.proceeds(sharesMicros: 1_000_000_000_000, priceMicros: 1_000_000), 1_000_000)  // no overflow at the bounds
        XCTAssertEqual(BetMath.proceeds(sharesMicros: 1, priceMicros: 999_999), 0)
    }

    func test_payout_isOneCreditPerWholeShare_mktPaysTheProbabilityFloored_andCancelIsTheStakeLessProceeds() {
        XCTAssertEqual(BetMath.payout(sharesMicros: 166_666_666), 166)
        XCTAssertEqual(BetMath.payout(sharesMicros: 1_999_999), 1)
        XCTAssertEqual(BetMath.payout(sharesMicros: 999_999), 0)
        XCTAssertEqual(BetMath.payout(sharesMicros: 166_666_666, valueMicros: 500_000), 83)  // 83.333333
        XCTAssertEqual(BetMath.payout(sharesMicros: 1_999_999, valueMicros: 500_000), 0)
        XCTAssertEqual(MarketResolution.market(probabilityMicros: 300_000).shareValueMicros(outcomeIndex: 1), 700_000)
        XCTAssertEqual(BetMath.cancelSettlement(amount: 100, proceeds: 0), 100)
        XCTAssertEqual(BetMath.cancelSettlement(amount: 100, proceeds: 30), 70)
        XCTAssertEqual(BetMath.cancelSettlement(amount: 100, proceeds: 130), -30, "a profitable sale is taken back")
    }

    func test_averagePrice_isCreditsPerShare() {
        XCTAssertEqual(BetMath.averagePrice(credits: 100, sharesMicros: 200_000_000), 0.5)
        XCTAssertEqual(BetMath.averagePriceMicros(credits: 100, sharesMicros: 190_909_090), 523_810)
        XCTAssertEqual(BetMath.averagePriceMicros(credits: 10, sharesMicros: 5_000_000), 1_000_000)  // never above 1 credit
    }
}
