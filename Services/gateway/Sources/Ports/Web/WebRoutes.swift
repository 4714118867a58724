import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// The gateway's own pages (`/`, `/cashier`, `/profile`), their files (`/static/<path>`) and the
/// QR code of a card (`/qr/<card>.svg`). Every answer carries the Content-Security-Policy and the
/// other security headers (`WebHeaders`).
struct WebRoutes: Sendable {
    let renderer: WebPageRenderer
    let assets: StaticAssets
    let csp: String

    static let languageCookieMaxAge = 365 * 86_400

    func register(on router: Router<GatewayRequestContext>) {
        for page in WebPage.allCases {
            router.get(RouterPath(page.path)) { request, _ in self.page(page, request) }
        }
        router.get("/static/**") { request, context in
            try self.asset(context.parameters.getCatchAll().joined(separator: "/"), request)
        }
        router.get("/qr/{card}.svg") { _, context in try Self.qr(context.parameters.get("card") ?? "") }
    }

    func page(_ page: WebPage, _ request: Request) -> Response {
        let query = request.uri.queryParameters["lang"].map(String.init)
        let language = WebLanguage.choose(query: query, cookieHeader: request.headers[.cookie], acceptLanguage: request.headers[.acceptLanguage])
        var headers = WebHeaders.page(csp: csp)
        // A language picked by `?lang=` is kept for the next visits.
        if let query, WebLanguage(tag: query) == language {
            headers[.setCookie] = "lang=\(language.rawValue); Path=/; Max-Age=\(Self.languageCookieMaxAge); SameSite=Lax"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: renderer.render(page, language: language))))
    }

    func asset(_ path: String, _ request: Request) throws -> Response {
        guard let asset = assets[path] else { throw GatewayError(.notFound, "no file /static/\(path)", headers: WebHeaders.common(csp: csp)) }
        let headers = WebHeaders.asset(asset, csp: csp)
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag })
        {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// The QR code of a 6-digit card as SVG; 400 for anything else.
    static func qr(_ card: String) throws -> Response {
        guard card.utf8.count == 6, card.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw GatewayError(
                .invalidArgument,
                "invalid request",
                violations: [FieldViolation(field: "card", description: "must be 6 digits")]
            )
        }
        let code = try QRCode(encoding: card, level: .quartile)
        return Response(status: .ok, headers: WebHeaders.qr(), body: .init(byteBuffer: ByteBuffer(string: code.svg())))
    }
}
