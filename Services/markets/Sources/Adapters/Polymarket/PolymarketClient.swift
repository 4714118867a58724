import AsyncHTTPClient
import Foundation
import NIOCore

/// The real source: Polymarket's Gamma API (or anything serving its shape) over HTTP with
/// async-http-client. `GET {base}/markets?limit=&offset=&closed=` and `GET {base}/markets/{id}`.
///
/// It only translates: statuses and transport failures become `SourceError`s; the rate limiter and
/// the circuit breaker around it are `GuardedMarketSource`'s.
public struct PolymarketClient: MarketSource {
    /// Larger answers are refused rather than buffered (a page of 100 markets is ~100 KB).
    static let maxBodyBytes = 8 << 20

    public let baseURL: String
    let http: HTTPClient
    let timeout: TimeAmount

    /// `http` defaults to the process-wide shared client (no shutdown to manage).
    public init(baseURL: String, http: HTTPClient = .shared, timeoutSeconds: Double = 10) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.http = http
        self.timeout = .milliseconds(Int64(timeoutSeconds * 1000))
    }

    public var location: String { baseURL }

    public func markets(limit: Int, offset: Int, closed: Bool?) async throws -> SourcePage {
        var query = "limit=\(limit)&offset=\(offset)"
        if let closed { query += "&closed=\(closed)" }
        guard let body = try await get("/markets?\(query)") else { throw SourceError.http(status: 404) }
        return try GammaMarketParser.page(body)
    }

    public func market(externalId: String) async throws -> SourceMarket? {
        // Ids are digits at Polymarket; anything else is escaped so it stays one path segment.
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        guard let segment = externalId.addingPercentEncoding(withAllowedCharacters: allowed) else { return nil }
        guard let body = try await get("/markets/\(segment)") else { return nil }
        return try GammaMarketParser.market(body)
    }

    /// The body of a 200; nil for a 404.
    private func get(_ path: String) async throws -> Data? {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Accept", value: "application/json")
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SourceError.transport(String(describing: error))
        }
        switch response.status.code {
        case 200:
            do {
                return Data(try await response.body.collect(upTo: Self.maxBodyBytes).readableBytesView)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw SourceError.transport("reading the answer: \(error)")
            }
        case 404:
            return nil
        case 429:
            // Retry-After in seconds (the HTTP-date form is rare for APIs; a minute is the safe guess).
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 60
            throw SourceError.throttled(retryAfter: max(1, retryAfter))
        default:
            throw SourceError.http(status: Int(response.status.code))
        }
    }
}
