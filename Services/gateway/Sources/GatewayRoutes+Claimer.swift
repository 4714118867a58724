/// claimer over REST: a signed-in user acts on their own `userId` (the service checks it),
/// admins on any and on the dead-letter queue. EnqueueClaim/EnqueueBulkClaim are bus-only.
extension GatewayRoutes {
    static var claimer: [RouteSpec] {
        let service = "claimer"
        let admin = AuthRule.anyRole(["admin"])
        func c(_ name: String) -> String { "claimer.\(name)" }
        return [
            RouteSpec(.post, "/api/claim/submit", service: service, rpc: "SubmitClaim",
                      request: c("SubmitClaimRequest"), response: c("EnqueueReply"), auth: .authenticated, success: .accepted,
                      summary: "Store/replace the user's platform API key (encrypted) and enqueue claims for codes, or for every active promo code"),
            RouteSpec(.get, "/api/claim/status/{userId}", service: service, rpc: "ClaimStatus",
                      request: c("ClaimStatusRequest"), response: c("ClaimStatusReply"), auth: .authenticated,
                      summary: "The user's jobs by state and last activity"),
            RouteSpec(.get, "/api/claim/history/{userId}", service: service, rpc: "ClaimHistory",
                      request: c("ClaimHistoryRequest"), response: c("ClaimHistoryReply"), auth: .authenticated,
                      summary: "The user's claim outcomes, newest first (?limit=&before=)"),
            RouteSpec(.delete, "/api/claim/key/{userId}", service: service, rpc: "DeleteApiKey",
                      request: c("DeleteApiKeyRequest"), response: c("DeleteApiKeyReply"), auth: .authenticated,
                      timeout: .seconds(40),
                      summary: "Forget the user's API key, cancel their waiting jobs and answer once no attempt with the key runs"),
            RouteSpec(.get, "/api/admin/claim/jobs", service: service, rpc: "ListClaimJobs",
                      request: c("ListClaimJobsRequest"), response: c("ListClaimJobsReply"), auth: admin,
                      summary: "Claim jobs in one state, oldest first (?state=dead default, &limit=&cursor=) (admin)"),
            RouteSpec(.post, "/api/admin/claim/jobs/{id}/retry", service: service, rpc: "RetryClaimJob",
                      request: c("RetryClaimJobRequest"), response: c("ClaimJobInfo"), auth: admin,
                      summary: "Replay a dead or failed job with fresh attempts (admin)"),
        ]
    }
}
