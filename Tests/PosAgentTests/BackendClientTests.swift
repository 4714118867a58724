import Foundation
import XCTest

@testable import PosAgent

/// The real async-http-client `BackendClient` against the stub backend.
final class BackendClientTests: XCTestCase {
    private var stub: StubBackend!
    private var client: BackendClient!

    override func setUp() async throws {
        stub = StubBackend()
        try await stub.start()
        client = BackendClient(baseURL: stub.url + "/", apiKey: StubBackend.apiKey, timeout: .seconds(2))
    }

    override func tearDown() async throws {
        try await client.shutdown()
        await stub.stop()
    }

    func test_backendClient_postsPrecheckWithNumericStoreIdAndTwoDecimalAmount() async throws {
        try await client.postPrecheck(storeId: 1, amount: Kopecks(123_450))
        XCTAssertEqual(stub.prechecks, [.init(storeId: 1, amount: "1234.50")])
        XCTAssertEqual(stub.wrongKey, 0)
    }

    func test_backendClient_clearsPrecheck_withDeleteForItsStore() async throws {
        try await client.postPrecheck(storeId: 1, amount: Kopecks(500))
        try await client.clearPrecheck(storeId: 1)
        XCTAssertEqual(stub.clears, [1])
        XCTAssertEqual(stub.precheckCalls, ["post 5.00", "clear"])
    }

    func test_backendClient_takesDiscountsWithAPost_onceEach() async throws {
        // The stub hands discounts out only on POST /api/1c/pending-discounts/take {"storeId": 1}.
        stub.queueDiscount(id: "31", amount: 70)
        let first = try await client.takeDiscounts(storeId: 1)
        XCTAssertEqual(first.map(\.id), ["31"])
        let second = try await client.takeDiscounts(storeId: 1)
        XCTAssertEqual(second, [], "taken discounts are not handed out again")
        XCTAssertEqual(stub.polls, 2)
    }

    func test_backendClient_readsDiscounts_withStringOrNumberIds() async throws {
        stub.queueDiscount(id: "17", amount: 50)
        stub.queueDiscount(id: "18", amount: 250, idAsNumber: true)
        let discounts = try await client.takeDiscounts(storeId: 1)
        XCTAssertEqual(discounts.map(\.id), ["17", "18"])
        XCTAssertEqual(discounts.map(\.amount), [50, 250])
        XCTAssertEqual(discounts.first?.storeId, 1)
        XCTAssertEqual(discounts.first?.card, "4000123456")
    }

    func test_backendClient_readsEmptyObjectAsNoDiscounts() async throws {
        let discounts = try await client.takeDiscounts(storeId: 1)
        XCTAssertEqual(discounts, [])
    }

    func test_backendClient_sendsConfirmation() async throws {
        try await client.confirmDiscount(id: "17", outcome: .failed)
        XCTAssertEqual(stub.confirmations, [.init(discountId: "17", status: "failed")])
    }

    func test_backendClient_reports503AsRetryableDown() async throws {
        stub.setFailing(true)
        do {
            try await client.confirmDiscount(id: "1", outcome: .applied)
            XCTFail("expected a failure")
        } catch {
            XCTAssertEqual(error, .status(503, ""))
            XCTAssertTrue(error.isRetryable)
            XCTAssertTrue(error.meansBackendDown)
        }
    }

    func test_backendClient_reportsWrongKeyAsNonRetryableRefusal() async throws {
        let wrong = BackendClient(baseURL: stub.url, apiKey: "nope", timeout: .seconds(2))
        do {
            _ = try await wrong.takeDiscounts(storeId: 1)
            XCTFail("expected a failure")
        } catch {
            XCTAssertEqual(error, .status(401, ""))
            XCTAssertFalse(error.isRetryable)
            XCTAssertFalse(error.meansBackendDown)
        }
        try await wrong.shutdown()
        XCTAssertEqual(stub.wrongKey, 1)
    }

    func test_backendClient_reportsUnreachable_whenNothingListens() async throws {
        let port = stub.port
        await stub.stop()
        let closed = BackendClient(baseURL: "http://127.0.0.1:\(port)", apiKey: StubBackend.apiKey, timeout: .seconds(2))
        do {
            try await closed.postPrecheck(storeId: 1, amount: Kopecks(1))
            XCTFail("expected a failure")
        } catch {
            guard case .unreachable = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.isRetryable)
            XCTAssertTrue(error.meansBackendDown)
        }
        try await closed.shutdown()
    }

    func test_pendingDiscount_decodesProto3JSON() throws {
        let json = #"{"id":"9007199254740993","storeId":"1","amount":"250","card":"1"}"#
        let discount = try JSONDecoder().decode(PendingDiscount.self, from: Data(json.utf8))
        XCTAssertEqual(discount.id, "9007199254740993")
        XCTAssertEqual(discount.storeId, 1)
        XCTAssertEqual(discount.amount, 250)
        XCTAssertThrowsError(try JSONDecoder().decode(PendingDiscount.self, from: Data(#"{"amount":5}"#.utf8)))
    }
}
