import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The backend over HTTP (async-http-client); every request carries `x-store-api-key`.
public final class BackendClient: BackendAPI {
    private let http: HTTPClient
    private let baseURL: String
    private let apiKey: String
    private let timeout: Duration
    /// Replies are small JSON documents; anything bigger is a misconfigured URL.
    private static let maxReplyBytes = 1 << 20

    public init(baseURL: String, apiKey: String, timeout: Duration) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: TimeAmount(min(timeout, .seconds(2))), read: TimeAmount(timeout))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.timeout = timeout
    }

    /// Closes the connection pool; call once, after the last request.
    public func shutdown() async throws { try await http.shutdown() }

    private struct PrecheckBody: Encodable {
        let storeId: Int64
        let amount: String
    }

    private struct StoreBody: Encodable {
        let storeId: Int64
    }

    private struct ConfirmationBody: Encodable {
        let discountId: String
        let status: DiscountOutcome
    }

    private struct PendingDiscountsReply: Decodable {
        /// Proto3 JSON leaves out an empty repeated field, so `{}` means no discounts.
        let discounts: [PendingDiscount]?
    }

    public func postPrecheck(storeId: Int64, amount: Kopecks) async throws(BackendError) {
        _ = try await send(.POST, "/api/1c/precheck", json: try Self.encode(PrecheckBody(storeId: storeId, amount: amount.roublesText)))
    }

    public func clearPrecheck(storeId: Int64) async throws(BackendError) {
        _ = try await send(.DELETE, "/api/1c/precheck?storeId=\(storeId)")
    }

    public func takeDiscounts(storeId: Int64) async throws(BackendError) -> [PendingDiscount] {
        let body = try await send(.POST, "/api/1c/pending-discounts/take", json: try Self.encode(StoreBody(storeId: storeId)))
        do {
            return try JSONDecoder().decode(PendingDiscountsReply.self, from: Data(body)).discounts ?? []
        } catch {
            throw .invalidReply("pending-discounts: \(error)")
        }
    }

    public func confirmDiscount(id: String, outcome: DiscountOutcome) async throws(BackendError) {
        _ = try await send(.POST, "/api/1c/confirm-discount", json: try Self.encode(ConfirmationBody(discountId: id, status: outcome)))
    }

    private static func encode(_ body: some Encodable) throws(BackendError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do { return try encoder.encode(body) } catch { throw .invalidReply("cannot encode the request body: \(error)") }
    }

    /// One request; a transport failure becomes `.unreachable`, a non-2xx status `.status`.
    private func send(_ method: HTTPMethod, _ path: String, json: Data? = nil) async throws(BackendError) -> [UInt8] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "x-store-api-key", value: apiKey)
        request.headers.add(name: "accept", value: "application/json")
        if let json {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let status: Int
        let bytes: [UInt8]
        do {
            let response = try await http.execute(request, timeout: TimeAmount(timeout))
            status = Int(response.status.code)
            let buffer = try await response.body.collect(upTo: Self.maxReplyBytes)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw .unreachable("\(method) \(path): \(error)")
        }
        guard (200..<300).contains(status) else {
            throw .status(status, String(decoding: bytes.prefix(200), as: UTF8.self))
        }
        return bytes
    }
}
