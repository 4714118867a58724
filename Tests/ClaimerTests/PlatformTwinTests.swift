import AsyncHTTPClient
import Claimer
import Foundation
import XCTest

/// The mock platform and the real HTTP client against a stub server play the same scenarios and
/// must give the same answers (so what the mock proves holds for the HTTP path too).
final class PlatformTwinTests: XCTestCase {
    /// One step: (key, code, call) → expected outcome text.
    typealias Step = (key: String, code: String, call: String, expected: String)

    static let script: [Step] = [
        ("sk-good-key-1", "WELCOME", "eligibility", "eligible"),
        ("sk-good-key-1", "WELCOME", "claim", "reward bonus \(MockPromoPlatform.reward(for: "WELCOME").amount) USDT"),
        ("invalid-key-1", "WELCOME", "eligibility", "error invalid API key"),
        ("invalid-key-1", "WELCOME", "claim", "error invalid API key"),
        ("sk-good-key-1", "INELIGIBLE-1", "eligibility", "ineligible not eligible for this promotion"),
        ("sk-good-key-1", "FLAKY-1", "eligibility", "unavailable"),
        ("sk-good-key-1", "FLAKY-1", "eligibility", "unavailable"),
        ("sk-good-key-1", "FLAKY-1", "eligibility", "eligible"),
        // Counted per key and code: another key starts over.
        ("sk-good-key-2", "FLAKY-1", "eligibility", "unavailable"),
        ("sk-good-key-1", "LIMIT-1", "eligibility", "error platform rate limit (retry after 1.0 seconds)"),
        ("sk-good-key-1", "LIMIT-1", "eligibility", "eligible"),
    ]

    static func outcome(_ platform: any PromoPlatform, _ step: Step) async -> String {
        do {
            switch step.call {
            case "eligibility":
                switch try await platform.checkEligibility(apiKey: APIKey(step.key), code: step.code) {
                case .eligible: return "eligible"
                case .ineligible(let reason): return "ineligible \(reason)"
                }
            default:
                let reward = try await platform.claim(apiKey: APIKey(step.key), code: step.code)
                return "reward \(reward.type) \(reward.amount) \(reward.currency)"
            }
        } catch PlatformError.unavailable {
            return "unavailable"
        } catch {
            return "error \(error)"
        }
    }

    func test_mockPlatform_playsTheScript() async {
        let mock = MockPromoPlatform()
        for step in Self.script {
            let got = await Self.outcome(mock, step)
            XCTAssertEqual(got, step.expected, "\(step.key) \(step.code) \(step.call)")
        }
    }

    func test_httpPlatform_againstTheStub_playsTheSameScript() async throws {
        try await withStubPlatform { stub in
            let platform = HTTPPromoPlatform(baseURL: stub.url)
            for step in Self.script {
                let got = await Self.outcome(platform, step)
                XCTAssertEqual(got, step.expected, "\(step.key) \(step.code) \(step.call)")
            }
            // The key travels in its header and nowhere else.
            XCTAssertEqual(stub.calls.first?.token, "sk-good-key-1")
        }
    }

    func test_httpPlatform_otherStatusesAndNetworkErrors() async throws {
        try await withStubPlatform { stub in
            let platform = HTTPPromoPlatform(baseURL: stub.url + "/")
            let gone = await Self.outcome(platform, ("sk-good-key-1", "GONE-1", "eligibility", ""))
            XCTAssertEqual(gone, "error platform refused: HTTP 404")
        }
        // Nothing listens on port 1: a connection error is retryable.
        let refused = HTTPPromoPlatform(baseURL: "http://127.0.0.1:1", timeout: .seconds(5))
        let down = await Self.outcome(refused, ("sk-good-key-1", "WELCOME", "eligibility", ""))
        XCTAssertEqual(down, "unavailable")
    }

    func test_httpPlatform_rewardAmount_staysExactDecimalText() async throws {
        try await withStubPlatform { stub in
            let reward = try await HTTPPromoPlatform(baseURL: stub.url).claim(apiKey: APIKey("sk-good-key-1"), code: "PRECISE")
            XCTAssertEqual(reward, MockPromoPlatform.reward(for: "PRECISE"))
        }
    }
}
