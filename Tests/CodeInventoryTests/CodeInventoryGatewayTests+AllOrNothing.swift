import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import CodeInventory

/// A CSV upload through the gateway imports all of its codes or none: over the limit, cut off by
/// its client, nothing becomes reservable and no upload stays open.
extension CodeInventoryGatewayTests {
    /// Small chunks and a small limit: a body of a few dozen KB is several chunk messages, and over it.
    static let smallUploads = ["GATEWAY_UPLOAD_CHUNK_BYTES": "4096", "GATEWAY_UPLOAD_LIMIT_BYTES": "20000"]

    /// `count` codes `<prefix>-00000\n` … (9 + prefix bytes each).
    static func codes(_ count: Int, prefix: String) -> String {
        (0..<count).map { "\(prefix)-\(String(format: "%05d", $0))\n" }.joined()
    }

    static func rawRequestHead(campaign: String, token: String, framing: String) -> String {
        "POST /api/campaigns/\(campaign)/codes?type=tm HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: text/csv\r\n\(framing)\r\n\r\n"
    }

    /// Nothing of `campaign` is stored, counted or reservable, and no upload is open or staged.
    func assertNothingImported(_ setup: Setup, _ campaign: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let stored = try await setup.service.storedCodes(campaign)
        XCTAssertEqual(stored, 0, "codes stored", file: file, line: line)
        let counts = try await setup.service.counts(campaign, type: "tm")
        XCTAssertEqual(counts.tm?.available ?? 0, 0, "codes counted", file: file, line: line)
        let reserve = try await setup.service.reserveOne(campaign)
        XCTAssertEqual(reserve, .aborted, "a code is reservable", file: file, line: line)
        let open = try await setup.service.openUploads()
        XCTAssertEqual(open, 0, "an upload is still open", file: file, line: line)
        let staged = try await setup.service.stagedCodes()
        XCTAssertEqual(staged, 0, "staged codes were kept", file: file, line: line)
    }

    func test_csvUpload_overTheLimitByContentLength_is413BeforeAnyChunk_andImportsNothing() async throws {
        try await withSetup(extra: Self.smallUploads) { setup in
            // 5,000 codes, 45 KB: on its own over the limit, and ten chunks' worth.
            let body = Self.codes(5_000, prefix: "CL")
            try await Application(router: setup.gateway.router()).test(.live) { client in
                try await client.execute(
                    uri: "/api/campaigns/limit-cl/codes?type=tm",
                    method: .post,
                    headers: Self.auth(setup.supreme, [.contentType: "text/csv", .contentLength: String(body.utf8.count)]),
                    body: ByteBuffer(string: body)
                ) { response in
                    XCTAssertEqual(response.status, .contentTooLarge)
                    XCTAssertEqual((Self.jsonObject(response.body)["error"] as? [String: Any])?["code"] as? String, "RESOURCE_EXHAUSTED")
                }
            }
            try await assertNothingImported(setup, "limit-cl")
            // Content-Length said too much: the gateway did not even begin an upload.
            let uploads = try await setup.service.uploadRows()
            XCTAssertEqual(uploads, 0)
        }
    }

    func test_csvUpload_typeHoldingNUL_is400WithTheField_andBeginsNoUpload() async throws {
        try await withSetup { setup in
            try await Application(router: setup.gateway.router()).test(.live) { client in
                // "tm\0x" would reach the service as "tm", a real type, if the NUL cut it short.
                try await client.execute(
                    uri: "/api/campaigns/nul-type/codes?type=tm%00x",
                    method: .post,
                    headers: Self.auth(setup.supreme, [.contentType: "text/csv"]),
                    body: ByteBuffer(string: Self.codes(3, prefix: "NT"))
                ) { response in
                    XCTAssertEqual(response.status, .badRequest)
                    let error = Self.jsonObject(response.body)["error"] as? [String: Any]
                    XCTAssertEqual(error?["code"] as? String, "INVALID_ARGUMENT")
                    let fields = (error?["violations"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                    XCTAssertEqual(fields, ["type"], "\(error ?? [:])")
                }
            }
            try await assertNothingImported(setup, "nul-type")
            let uploads = try await setup.service.uploadRows()
            XCTAssertEqual(uploads, 0)
        }
    }

    func test_csvUpload_chunkedOverTheLimit_is413_importsNothing_andLeavesNoOpenUpload() async throws {
        try await withSetup(extra: Self.smallUploads) { setup in
            try await Application(router: setup.gateway.router()).test(.live) { client in
                let port = try XCTUnwrap(client.port)
                let connection = try RawHTTPConnection(port: port)
                connection.send(Self.rawRequestHead(campaign: "limit-chunked", token: setup.supreme, framing: "Transfer-Encoding: chunked"))
                // Ten 4.5 KB chunks: the first four pass the limit and reach the service as chunk messages.
                for part in 0..<10 { connection.sendChunk(Self.codes(500, prefix: "CH\(part)")) }
                connection.sendChunk("")
                XCTAssertEqual(connection.readStatus(), 413)
            }
            try await assertNothingImported(setup, "limit-chunked")
        }
    }

    func test_csvUpload_clientDisconnectsMidBody_importsNothing_andTheUploadIsCleanedUp() async throws {
        try await withSetup(extra: ["GATEWAY_UPLOAD_CHUNK_BYTES": "4096"], serviceExtra: ["CODE_UPLOAD_STALE_SECONDS": "30"]) { setup in
            try await Application(router: setup.gateway.router()).test(.live) { client in
                let port = try XCTUnwrap(client.port)
                let connection = try RawHTTPConnection(port: port)
                connection.send(Self.rawRequestHead(campaign: "gone", token: setup.supreme, framing: "Content-Length: 1000000"))
                connection.send(Self.codes(3_000, prefix: "GONE"))
                // Wait until the service holds several chunks of the upload, then go away.
                let deadline = Date().addingTimeInterval(30)
                while try await setup.service.chunksOfOpenUpload() < 4, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
                let chunks = try await setup.service.chunksOfOpenUpload()
                XCTAssertGreaterThanOrEqual(chunks, 4)
                connection.abandon()
                // Whatever the gateway noticed, nothing of the body is reservable.
                let reserve = try await setup.service.reserveOne("gone")
                XCTAssertEqual(reserve, .aborted)
                try await Task.sleep(for: .milliseconds(500))
            }
            // The gateway aborts the upload when it sees the body fail; if it could not, the sweeper
            // does once the upload has been untouched for CODE_UPLOAD_STALE_SECONDS.
            setup.service.clock.advance(by: 31)
            try await setup.service.sweeper().sweepOnce()
            try await assertNothingImported(setup, "gone")
        }
    }

    static func jsonObject(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }
}
