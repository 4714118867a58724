import Contracts
import Foundation
import Gateway
import ProtoBridge
import XCTest

/// JSON bodies, path and query values become messages only when they are exactly what the field takes.
final class TranscoderTests: XCTestCase {
    private let transcoder = Transcoder(
        route: RouteSpec(
            .get,
            "/api/customers/{card}/transactions",
            service: "loyalty",
            rpc: "ListCustomerTransactions",
            request: "loyalty.ListCustomerTransactionsRequest",
            response: "loyalty.CustomerTransactionsPage",
            auth: .authenticated,
            summary: "test"
        )
    )

    private func violations(body: String = "", path: [String: String] = ["card": "123456"], query: [(String, String)] = []) -> [String] {
        do {
            _ = try transcoder.request(body: Array(body.utf8), pathParameters: path, query: query)
            return []
        } catch let error as GatewayError {
            return error.violations.map(\.field)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    func test_queryIntegers_areReadExactly() {
        XCTAssertEqual(violations(query: [("limit", "2")]), [])
        XCTAssertEqual(violations(query: [("limit", "2e1")]), [])
        for bad in ["2abc", "+2", "0x7", " 2", "2.5", "", "02", "99999999999"] {
            XCTAssertEqual(violations(query: [("limit", bad)]), ["limit"], bad)
        }
    }

    func test_bodyIntegers_inStrings_areReadExactly() {
        XCTAssertEqual(violations(body: #"{"limit":"9 points"}"#), ["limit"])
        XCTAssertEqual(violations(body: #"{"limit":"7x"}"#), ["limit"])
        XCTAssertEqual(violations(body: #"{"limit":"7"}"#), [])
    }

    func test_NULInAPathValue_bodyOrQuery_isRefused() {
        XCTAssertEqual(violations(path: ["card": "12\u{0}3456"]), ["card"])
        XCTAssertEqual(violations(body: #"{"cursor":"a\u0000b"}"#), ["cursor"])
        XCTAssertEqual(violations(query: [("cursor", "a\u{0}b")]), ["cursor"])
    }
}
