import Foundation
import JWTKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Talking to the cluster's gateway as a signed-in caller: HS256 tokens under the cluster's
/// `JWT_SECRET`, as the gateway verifies them, and requests with a JSON answer.
extension Cluster {
    private struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var roles: [String]
        func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
    }

    /// A bearer token for `subject` with `roles`, valid for 10 minutes.
    func token(subject: String, roles: [String]) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: environment["JWT_SECRET"]!), digestAlgorithm: .sha256)
        return try await keys.sign(
            Claims(
                sub: SubjectClaim(value: subject),
                exp: ExpirationClaim(value: Date().addingTimeInterval(600)),
                roles: roles
            )
        )
    }

    /// `method path` on the gateway with an optional bearer token and body: status and JSON object.
    func request(
        _ method: String,
        _ path: String,
        token: String?,
        contentType: String? = nil,
        body: Data? = nil
    ) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(gatewayPort)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, Self.object(data))
    }

    /// The same with a JSON body.
    func request(_ method: String, _ path: String, token: String?, json: [String: Any]) async throws -> (Int, [String: Any]) {
        try await request(method, path, token: token, contentType: "application/json", body: try JSONSerialization.data(withJSONObject: json))
    }

    /// `method url` on any of the cluster's gateways (the whole address given) with optional
    /// headers and JSON body: status and raw body, for a test that reads streams or several gateways.
    static func http(_ method: String, _ url: String, headers: [String: String] = [:], json: [String: Any]? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// `data` as a JSON object; empty when it is not one.
    static func object(_ data: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
