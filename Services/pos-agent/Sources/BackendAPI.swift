/// The three backend calls the agent makes; `BackendClient` is the real one over HTTP.
public protocol BackendAPI: Sendable {
    /// `POST /api/1c/precheck`: the open receipt's amount, so a customer's app can offer a discount for it.
    func postPrecheck(storeId: Int64, amount: Kopecks) async throws(BackendError)
    /// `GET /api/1c/pending-discounts?storeId=`: discounts to apply at this till (the backend marks them processing).
    func pendingDiscounts(storeId: Int64) async throws(BackendError) -> [PendingDiscount]
    /// `POST /api/1c/confirm-discount`: what happened to a discount.
    func confirmDiscount(id: String, outcome: DiscountOutcome) async throws(BackendError)
}
