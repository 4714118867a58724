import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The bench's HTTP client: a pool big enough that 32 concurrent callers never queue in it.
struct BenchHTTP: Sendable {
    let client: HTTPClient
    let base: String
    let token: String

    init(base: String, token: String) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.base = base
        self.token = token
    }

    /// Status and JSON object of one request.
    func send(_ method: HTTPMethod, _ path: String, contentType: String? = nil, body: [UInt8]? = nil) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(600))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    func shutdown() async {
        try? await client.shutdown()
    }
}
