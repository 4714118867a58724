import Foundation
import TestSupport
import XCTest

@testable import PosAgent

/// `/get-amount` and `/status` of the running agent, over real HTTP on 127.0.0.1.
final class AgentHTTPServerTests: XCTestCase {
    func test_getAmount_returnsNulls_whenNoReceiptIsOpen() async throws {
        try await withAgent { agent in
            try await agent.waitUntilListening()
            let (status, cors, json) = try await agent.get("/get-amount")
            XCTAssertEqual(status, 200)
            XCTAssertEqual(cors, "*")
            XCTAssertEqual(json["storeId"] as? Int, 1)
            XCTAssertEqual(Set(json.keys), ["storeId", "amount", "kopecks", "updatedAt"])
            XCTAssertTrue(json["amount"] is NSNull)
            XCTAssertTrue(json["kopecks"] is NSNull)
            XCTAssertTrue(json["updatedAt"] is NSNull)
        }
    }

    func test_getAmount_returnsAmountKopecksAndTimestamp() async throws {
        try await withAgent { agent in
            try await agent.waitUntilListening()
            try agent.writeAmount(#"{"amount": 1234.5}"#)
            try await eventually("amount read") { agent.state.amount.kopecks != nil }
            let (status, cors, json) = try await agent.get("/get-amount")
            XCTAssertEqual(status, 200)
            XCTAssertEqual(cors, "*")
            XCTAssertEqual(json["amount"] as? String, "1234.50")
            XCTAssertEqual(json["kopecks"] as? Int, 123_450)
            let updatedAt = try XCTUnwrap(json["updatedAt"] as? String)
            XCTAssertNotNil(try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(updatedAt), updatedAt)
        }
    }

    func test_status_reportsStoreBackendAndDiscountQueue() async throws {
        try await withAgent { agent in
            try await agent.waitUntilListening()
            agent.stub.queueDiscount(id: "31", amount: 5)
            agent.stub.queueDiscount(id: "32", amount: 6)
            try await eventually("one discount written, one queued") { agent.discountText == "5" && agent.runtime.ledger.queuedCount == 1 }
            let (status, cors, json) = try await agent.get("/status")
            XCTAssertEqual(status, 200)
            XCTAssertEqual(cors, "*")
            XCTAssertEqual(json["storeId"] as? Int, 1)
            XCTAssertEqual(json["storeName"] as? String, "Test shop")
            XCTAssertEqual(json["backendUrl"] as? String, agent.stub.url)
            XCTAssertEqual(json["backendReachable"] as? Bool, true)
            XCTAssertTrue(json["lastBackendError"] is NSNull)
            XCTAssertEqual(json["consecutiveAmountErrors"] as? Int, 0)
            XCTAssertEqual(json["currentDiscount"] as? String, "31")
            XCTAssertEqual(json["queuedDiscounts"] as? Int, 1)
            XCTAssertNotNil(json["uptimeSeconds"] as? Int)
            XCTAssertEqual(json["version"] as? String, AgentVersion.current)
        }
    }

    func test_status_showsBackendErrorAndAmountErrors() async throws {
        try await withAgent { agent in
            try await agent.waitUntilListening()
            agent.stub.setFailing(true)
            try agent.writeAmount("{broken")
            try await eventually("backend down and amount errors counted") {
                !agent.state.backendReachable && agent.state.consecutiveAmountErrors > 0
            }
            let (_, _, json) = try await agent.get("/status")
            XCTAssertEqual(json["backendReachable"] as? Bool, false)
            XCTAssertTrue((json["lastBackendError"] as? String)?.contains("503") ?? false, "\(json)")
            XCTAssertGreaterThan(json["consecutiveAmountErrors"] as? Int ?? 0, 0)
            XCTAssertTrue(json["currentDiscount"] is NSNull)
        }
    }
}
