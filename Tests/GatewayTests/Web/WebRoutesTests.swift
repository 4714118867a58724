import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Gateway

final class WebRoutesTests: XCTestCase {
    private static let csp = HTTPField.Name("Content-Security-Policy")!
    private static let nosniff = HTTPField.Name("X-Content-Type-Options")!
    private static let referrer = HTTPField.Name("Referrer-Policy")!

    private static func assertSecurityHeaders(_ response: TestResponse, file: StaticString = #filePath, line: UInt = #line) {
        let policy = response.headers[csp] ?? ""
        XCTAssertTrue(policy.contains("script-src 'self' https://telegram.org;"), policy, file: file, line: line)
        XCTAssertTrue(policy.contains("object-src 'none'"), policy, file: file, line: line)
        XCTAssertTrue(policy.contains("base-uri 'none'"), policy, file: file, line: line)
        XCTAssertFalse(policy.contains("unsafe-inline"), policy, file: file, line: line)
        XCTAssertEqual(response.headers[nosniff], "nosniff", file: file, line: line)
        XCTAssertEqual(response.headers[referrer], "no-referrer", file: file, line: line)
    }

    func test_everyPage_isHTML_withTheStrictPolicy_andNoInlineScriptOrStyle() async throws {
        try await withGateway(environment: ["CASHIER_AGENT_URL": "http://127.0.0.1:4444"]) { harness in
            try await harness.application().test(.router) { client in
                for page in WebPage.allCases {
                    try await client.execute(uri: page.path, method: .get) { response in
                        XCTAssertEqual(response.status, .ok, page.path)
                        XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
                        XCTAssertEqual(response.headers[.cacheControl], "no-store")
                        Self.assertSecurityHeaders(response)
                        XCTAssertTrue(response.headers[Self.csp]!.contains("connect-src 'self' http://127.0.0.1:4444;"))
                        XCTAssertTrue(response.headers[Self.csp]!.contains("frame-ancestors 'self' https://web.telegram.org"))
                        let html = String(buffer: response.body)
                        XCTAssertTrue(html.contains(#"<script type="module" src="/static/\#(page.rawValue).js"></script>"#), page.path)
                        XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 1, "one script, by URL")
                        XCTAssertFalse(html.contains("<style"))
                        XCTAssertFalse(html.contains(" style="))
                        XCTAssertFalse(html.contains(" onclick="))
                    }
                }
            }
        }
    }

    func test_cashierPage_carriesTheAgentURL_asADataAttribute() async throws {
        try await withGateway(environment: ["CASHIER_AGENT_URL": "http://127.0.0.1:4444"]) { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/cashier", method: .get) { response in
                    XCTAssertTrue(String(buffer: response.body).contains(#"data-agent-url="http://127.0.0.1:4444""#))
                }
            }
        }
    }

    func test_language_byQuery_isKeptInACookie_elseCookie_elseAcceptLanguage() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/cashier?lang=en", method: .get) { response in
                    XCTAssertTrue(String(buffer: response.body).contains(#"<html lang="en">"#))
                    XCTAssertEqual(response.headers[.setCookie], "lang=en; Path=/; Max-Age=31536000; SameSite=Lax")
                }
                try await client.execute(uri: "/", method: .get, headers: [.cookie: "lang=en", .acceptLanguage: "ru"]) { response in
                    XCTAssertTrue(String(buffer: response.body).contains(#"<html lang="en">"#))
                    XCTAssertNil(response.headers[.setCookie])
                }
                try await client.execute(uri: "/profile", method: .get, headers: [.acceptLanguage: "de, en;q=0.8"]) { response in
                    XCTAssertTrue(String(buffer: response.body).contains(#"<html lang="en">"#))
                }
                try await client.execute(uri: "/", method: .get) { response in
                    let html = String(buffer: response.body)
                    XCTAssertTrue(html.contains(#"<html lang="ru">"#))
                    XCTAssertTrue(html.contains("Моя карта"))
                }
            }
        }
    }

    func test_staticFiles_haveTheirContentType_ETag_andRevalidate() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                let expected = [
                    "cashier.js": "text/javascript; charset=utf-8", "base.css": "text/css; charset=utf-8",
                    "i18n/ru.json": "application/json; charset=utf-8",
                ]
                for (path, type) in expected {
                    try await client.execute(uri: "/static/\(path)", method: .get) { response in
                        XCTAssertEqual(response.status, .ok, path)
                        XCTAssertEqual(response.headers[.contentType], type)
                        XCTAssertEqual(response.headers[.cacheControl], "public, no-cache")
                        Self.assertSecurityHeaders(response)
                        let etag = try XCTUnwrap(response.headers[.eTag])
                        try await client.execute(uri: "/static/\(path)", method: .get, headers: [.ifNoneMatch: etag]) { again in
                            XCTAssertEqual(again.status, .notModified)
                            XCTAssertEqual(again.body.readableBytes, 0)
                        }
                    }
                }
            }
        }
    }

    func test_unknownStaticFiles_andPathTraversal_are404() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                for uri in [
                    "/static/nope.js", "/static/../Package.swift", "/static/%2e%2e/%2e%2e/Package.swift", "/static/i18n/../cashier.js",
                    "/static//etc/passwd", "/static/i18n/%2e%2e%2fcashier.js", "/static/", "/static/Templates/layout.mustache",
                ] {
                    try await client.execute(uri: uri, method: .get) { response in
                        XCTAssertEqual(response.status, .notFound, uri)
                        XCTAssertFalse(String(buffer: response.body).contains("swift-tools-version"), uri)
                    }
                }
            }
        }
    }

    func test_qrCode_ofASixDigitCard_isSVG_elseAnythingIs400() async throws {
        try await withGateway { harness in
            try await harness.application().test(.router) { client in
                try await client.execute(uri: "/qr/123456.svg", method: .get) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(response.headers[.contentType], "image/svg+xml")
                    XCTAssertEqual(response.headers[Self.nosniff], "nosniff")
                    XCTAssertTrue(String(buffer: response.body).hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
                }
                for card in ["12345", "1234567", "abcdef", "12345a", "%3Cb%3E"] {
                    try await client.execute(uri: "/qr/\(card).svg", method: .get) { response in
                        XCTAssertEqual(response.status, .badRequest, card)
                    }
                }
            }
        }
    }
}
