import HTTPTypes

/// markets over REST, keeping the original's `/api/v1/...` paths so its clients work unchanged.
/// Tokens are issued by markets (signed with the shared `JWT_SECRET`) and verified here.
extension GatewayRoutes {
    static var markets: [RouteSpec] {
        let service = "markets"
        let user = AuthRule.authenticated
        let admin = AuthRule.anyRole(["admin"])
        func route(_ method: HTTPRequest.Method, _ path: String, _ rpc: String, _ request: String, _ response: String,
                   _ auth: AuthRule, success: HTTPResponse.Status = .ok, _ summary: String) -> RouteSpec {
            RouteSpec(method, "/api/v1" + path, service: service, rpc: rpc, request: "markets.\(request)", response: "markets.\(response)",
                      auth: auth, success: success, summary: summary)
        }
        return [
            route(.post, "/auth/signup", "Signup", "SignupRequest", "AuthReply", .open, success: .created,
                  "Create an account {email, password, username, referralCode?}: 1000 credits, access + refresh token"),
            route(.post, "/auth/login", "Login", "LoginRequest", "AuthReply", .open, "Sign in with email and password"),
            route(.post, "/auth/refresh", "Refresh", "RefreshRequest", "AuthReply", .open,
                  "Rotate a refresh token (a reused one revokes its family)"),
            route(.post, "/auth/logout", "Logout", "LogoutRequest", "LogoutReply", .open, "Revoke a refresh token"),
            route(.get, "/auth/me", "Me", "MeRequest", "Me", user, "The signed-in user"),
            route(.get, "/auth/x", "OAuthStart", "OAuthStartRequest", "OAuthRedirect", .open, "Sign in with X (404 SIGN_IN_NOT_ENABLED until a provider is configured)"),
            route(.get, "/auth/x/callback", "OAuthCallback", "OAuthCallbackRequest", "AuthReply", .open, "X sign-in callback (404 SIGN_IN_NOT_ENABLED until configured)"),
            route(.patch, "/users/me", "UpdateProfile", "UpdateProfileRequest", "Me", user, "Change username, avatar URL or bio"),
            route(.get, "/users/{userId}", "GetUser", "GetUserRequest", "PublicProfile", .open, "A user's public profile (no email)"),

            route(.get, "/markets", "ListMarkets", "ListMarketsRequest", "MarketPage", .open,
                  "Markets (?category=&status=&search=&limit=&cursor= or &offset=)"),
            route(.get, "/markets/random", "RandomMarkets", "RandomMarketsRequest", "MarketPage", .open, "Open markets in random order (?count=)"),
            route(.get, "/markets/categories", "ListCategories", "ListCategoriesRequest", "CategoryList", .open, "Categories with their market counts"),
            route(.get, "/markets/category/{slug}", "MarketsByCategory", "MarketsByCategoryRequest", "MarketPage", .open, "Markets of one category"),
            route(.get, "/markets/{id}", "GetMarket", "GetMarketRequest", "Market", .open, "One market"),
            route(.get, "/markets/{id}/live", "LiveOdds", "GetMarketRequest", "LiveOdds", .open, "Current odds from the source (cached 10 s)"),
            route(.get, "/markets/{id}/full", "MarketFull", "GetMarketRequest", "MarketFull", .open, "The market with its live odds"),
            route(.post, "/markets/ingest", "IngestMarkets", "IngestMarketsRequest", "IngestMarketsReply", admin, "Ingest markets from the source now (admin)"),
            route(.post, "/admin/markets", "CreateMarket", "CreateMarketRequest", "Market", admin, success: .created,
                  "Create a CPMM-priced market {question, category, outcomes, initialProbability, liquidity} (admin)"),
            route(.post, "/admin/markets/{id}/resolve", "ResolveMarket", "ResolveMarketRequest", "ResolveReply", admin,
                  "Resolve {outcome}: an outcome, CANCEL (each user's net stake back) or MKT {probabilityMicros}; exactly once, "
                  + "409 ALREADY_RESOLVED when resolved otherwise (admin)"),
            route(.post, "/admin/markets/{id}/unresolve", "UnresolveMarket", "UnresolveMarketRequest", "UnresolveReply", admin,
                  "Undo the resolution: its credits reversed, bets open again; 409 NOT_RESOLVED when not settled (admin)"),
            route(.get, "/monitoring/polymarket-rate-limit", "RateLimitStatus", "MonitoringRequest", "RateLimitStatus", admin,
                  "The source's outbound rate limiter (admin)"),
            route(.get, "/monitoring/polymarket-circuit-breaker", "CircuitBreakerStatus", "MonitoringRequest", "CircuitBreakerStatus", admin,
                  "The source's circuit breaker (admin)"),
            route(.get, "/monitoring/external-apis", "ExternalApis", "MonitoringRequest", "ExternalApis", admin, "Outbound APIs and their state (admin)"),

            route(.post, "/bets", "PlaceBet", "PlaceBetRequest", "Bet", user, success: .created,
                  "Bet {marketId, outcome, amount (10…10000)} at the current price"),
            route(.get, "/bets/me", "ListMyBets", "ListMyBetsRequest", "BetPage", user, "Your bets (?status=&limit=&cursor=)"),
            route(.get, "/bets/{betId}", "GetBet", "GetBetRequest", "Bet", user, "One of your bets"),
            route(.post, "/bets/{betId}/sell", "SellBet", "SellBetRequest", "SellReply", user, "Sell shares back at the current price (all when omitted)"),
            route(.get, "/transactions/me", "ListMyTransactions", "ListTransactionsRequest", "TransactionPage", user, "Your credit ledger, newest first"),
            route(.get, "/leaderboard/pnl", "PnlLeaderboard", "LeaderboardRequest", "Leaderboard", .open, "Top by profit and loss (?period=all|week&limit=)"),
            route(.get, "/leaderboard/volume", "VolumeLeaderboard", "LeaderboardRequest", "Leaderboard", .open, "Top by volume staked (?period=all|week&limit=)"),
            route(.post, "/economy/daily-credits", "ClaimDailyCredits", "ClaimDailyCreditsRequest", "DailyCreditsReply", user,
                  "Claim today's reward (1000, +500 per consecutive day, at most 10,000; 409 with the next claim time)"),
            route(.get, "/purchases/packages", "ListPackages", "ListPackagesRequest", "PackageList", .open, "The credit packages on sale"),
            route(.post, "/purchases", "Purchase", "PurchaseRequest", "PurchaseRecord", user, success: .created,
                  "Buy a package {packageId} (simulated `manual` settlement; credited exactly once; Idempotency-Key makes retries safe)"),
            route(.get, "/purchases/me", "MyPurchases", "MyPurchasesRequest", "PurchaseList", user, "Your purchases, newest first"),
            route(.get, "/economy/stocks", "ListStocks", "ListStocksRequest", "StockList", .open, "The virtual stock catalog"),
            route(.put, "/admin/stocks/{symbol}", "SetStock", "SetStockRequest", "Stock", admin, "Create or re-price a virtual stock (admin)"),
            route(.post, "/economy/buy", "BuyStock", "StockTradeRequest", "StockTradeReply", user, "Buy {symbol, quantity} whole shares at the current price"),
            route(.post, "/economy/sell", "SellStock", "StockTradeRequest", "StockTradeReply", user, "Sell {symbol, quantity} whole shares at the current price"),
            route(.get, "/economy/portfolio", "Portfolio", "PortfolioRequest", "Portfolio", user, "Your holdings at current prices"),
            route(.post, "/admin/tier-override", "SetTierOverride", "SetTierOverrideRequest", "TierOverride", admin,
                  "Raise every user's effective tier {tier: pro|premium, expiresAt} (admin)"),
            route(.delete, "/admin/tier-override", "ClearTierOverride", "ClearTierOverrideRequest", "TierOverride", admin, "Clear the global tier override (admin)"),
            route(.post, "/promo/redeem", "RedeemPromoCode", "RedeemPromoCodeRequest", "PromoCodeRedeemed", user,
                  "Redeem a promo code {code}: credits or a tier for N days, applied exactly once"),
            route(.get, "/referrals/me", "MyReferrals", "MyReferralsRequest", "ReferralSummary", user,
                  "Your referral code, the users who signed up with it and the credits it earned"),
            route(.post, "/discipline/targets", "CreateTarget", "TargetInput", "Target", user, success: .created,
                  "Create a target {title, goal, abortLossCredits}"),
            route(.get, "/discipline/targets", "ListTargets", "ListTargetsRequest", "TargetList", user, "Your targets"),
            route(.get, "/discipline/targets/{id}", "GetTarget", "TargetRef", "Target", user, "One of your targets"),
            route(.patch, "/discipline/targets/{id}", "UpdateTarget", "TargetInput", "Target", user, "Change a target"),
            route(.delete, "/discipline/targets/{id}", "DeleteTarget", "TargetRef", "TargetRef", user, "Delete a target with its aims and shots"),
            route(.get, "/discipline/targets/{id}/aims", "ListAims", "TargetRef", "AimList", user, "The aims of a target"),
            route(.post, "/discipline/aims", "CreateAim", "AimInput", "Aim", user, success: .created,
                  "Plan on a market {targetId, marketId, outcome, stopLoss?, profitTarget?, note?}"),
            route(.delete, "/discipline/aims/{id}", "DeleteAim", "AimRef", "AimRef", user, "Delete an aim with its shots"),
            route(.get, "/discipline/aims/{id}/shots", "ListShots", "AimRef", "ShotList", user, "The shots of an aim with their results"),
            route(.post, "/discipline/shots", "CreateShot", "ShotInput", "Shot", user, success: .created,
                  "File one of your bets under an aim {aimId, betId}"),
            route(.get, "/discipline/stats/me", "MyDisciplineStats", "DisciplineStatsRequest", "DisciplineStats", user,
                  "Your discipline counts (as of the last discipline-stats-rollup)"),
            route(.get, "/leaderboard/me", "MyRanks", "MyRanksRequest", "MyRanks", user, "Your rank and value on each board (?period=)"),
        ]
    }
}
