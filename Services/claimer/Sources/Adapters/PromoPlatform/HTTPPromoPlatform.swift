import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProtoBridge

/// The platform over HTTP (`STAKE_API_URL`): `POST /v1/promotions/eligibility` and
/// `POST /v1/promotions/claim` with `{"code": …}` and the key in `x-access-token`.
/// 401/403 → invalid key; 429 → rate limited (`Retry-After` seconds); 5xx, timeouts and
/// connection errors → unavailable (retried); other answers → rejected.
public struct HTTPPromoPlatform: PromoPlatform {
    let baseURL: String
    let client: HTTPClient
    let timeout: Duration

    public init(baseURL: String, client: HTTPClient = .shared, timeout: Duration = .seconds(30)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.client = client
        self.timeout = timeout
    }

    public func checkEligibility(apiKey: APIKey, code: String) async throws -> Eligibility {
        let body = try await post("/v1/promotions/eligibility", apiKey: apiKey, code: code)
        guard case .object(let object) = body, case .bool(let eligible)? = object["eligible"] else {
            throw PlatformError.rejected("unreadable eligibility answer")
        }
        if eligible { return .eligible }
        if case .string(let reason)? = object["reason"], !reason.isEmpty { return .ineligible(reason: String(reason.prefix(200))) }
        return .ineligible(reason: "not eligible")
    }

    public func claim(apiKey: APIKey, code: String) async throws -> Reward {
        let body = try await post("/v1/promotions/claim", apiKey: apiKey, code: code)
        guard case .object(let object) = body, case .object(let reward)? = object["reward"],
            case .string(let type)? = reward["type"], case .string(let currency)? = reward["currency"]
        else {
            throw PlatformError.rejected("unreadable claim answer")
        }
        let amount: String
        switch reward["amount"] {
        case .number(let text)?: amount = text
        case .string(let text)? where Decimal(string: text) != nil: amount = text
        default: throw PlatformError.rejected("claim answer without an amount")
        }
        return Reward(type: type, amount: amount, currency: currency)
    }

    /// One POST; the status decides the error, a 200 body is returned parsed.
    func post(_ path: String, apiKey: APIKey, code: String) async throws -> JSONValue {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: "application/json")
        request.headers.add(name: "x-access-token", value: apiKey.reveal())
        request.body = .bytes(ByteBuffer(bytes: JSONValue.object(JSONObject([("code", .string(code))])).serialized()))
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(
                request,
                timeout: .nanoseconds(
                    Int64(timeout.components.seconds) * 1_000_000_000
                        + timeout.components.attoseconds / 1_000_000_000
                )
            )
            bytes = try await response.body.collect(upTo: 1 << 20)
        } catch let error as HTTPClientError {
            // The client's errors name the failure, never the request's headers.
            throw PlatformError.unavailable("\(error)")
        } catch {
            throw PlatformError.unavailable(String(describing: type(of: error)))
        }
        switch response.status.code {
        case 200..<300:
            do { return try JSONValue.parse(Array(buffer: bytes)) } catch { throw PlatformError.rejected("answer is not JSON") }
        case 401, 403:
            throw PlatformError.invalidAPIKey
        case 429:
            let seconds = response.headers.first(name: "retry-after").flatMap(Int.init) ?? 1
            throw PlatformError.rateLimited(retryAfter: .seconds(min(max(seconds, 0), 3600)))
        case 500..<600:
            throw PlatformError.unavailable("HTTP \(response.status.code)")
        default:
            throw PlatformError.rejected("HTTP \(response.status.code)")
        }
    }
}
