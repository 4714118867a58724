import HTTPTypes

/// code-inventory over REST: campaign codes (role `supreme`) and promo codes (role `admin`).
/// RedeemPromo and ListActivePromoCodes are bus-only (role `service`) and have no route.
extension GatewayRoutes {
    static var codeInventory: [RouteSpec] {
        let service = "code-inventory"
        let supreme = AuthRule.anyRole(["supreme"])
        let admin = AuthRule.anyRole(["admin"])
        func ci(_ name: String) -> String { "code_inventory.\(name)" }
        let reserve = { (method: HTTPRequest.Method) in
            RouteSpec(method, "/api/campaigns/{campaignId}/reserve", service: service, rpc: "ReserveCodes",
                      request: ci("ReserveCodesRequest"), response: ci("ReserveCodesReply"), auth: supreme,
                      summary: "Reserve up to count (1…1000) available codes of ?type=tm|external for 24 h (409 when none)")
        }
        return [
            RouteSpec(.post, "/api/campaigns/{campaignId}/codes", service: service, rpc: "ImportCodesFromObject",
                      request: ci("ImportCodesFromObjectRequest"), response: ci("ImportCodesReply"), auth: supreme,
                      timeout: .seconds(600), streamedBody: CSVCodeUpload(),
                      summary: "Import codes: a text/csv body (?type=tm|external, streamed in chunks) or JSON {\"fileKey\":\"codes/{campaignId}/{type}/{file}.csv\"}"),
            reserve(.get),
            reserve(.post),
            RouteSpec(.post, "/api/campaigns/{campaignId}/assign", service: service, rpc: "AssignCodes",
                      request: ci("AssignCodesRequest"), response: ci("AssignCodesReply"), auth: supreme,
                      summary: "Assign reserved codes to users permanently"),
            RouteSpec(.post, "/api/campaigns/{campaignId}/release", service: service, rpc: "ReleaseCodes",
                      request: ci("ReleaseCodesRequest"), response: ci("ReleaseCodesReply"), auth: supreme,
                      summary: "Return reserved codes (listed, or all a reserveId still holds; 404 when no such reservation) to available"),
            RouteSpec(.get, "/api/campaigns/{campaignId}/codes/count", service: service, rpc: "CountCodes",
                      request: ci("CountCodesRequest"), response: ci("CountCodesReply"), auth: supreme,
                      summary: "Codes by state per type (?type= for one type)"),
            RouteSpec(.post, "/api/promo-codes", service: service, rpc: "CreatePromoCode",
                      request: ci("CreatePromoCodeRequest"), response: ci("PromoCode"), auth: admin, success: .created,
                      summary: "Create a promo code (admin)"),
            RouteSpec(.get, "/api/promo-codes", service: service, rpc: "ListPromoCodes",
                      request: ci("ListPromoCodesRequest"), response: ci("ListPromoCodesReply"), auth: admin,
                      summary: "List promo codes (admin, ?limit=&cursor=)"),
            RouteSpec(.get, "/api/promo-codes/{code}", service: service, rpc: "GetPromoCode",
                      request: ci("GetPromoCodeRequest"), response: ci("PromoCode"), auth: admin,
                      summary: "One promo code (admin)"),
        ]
    }
}
