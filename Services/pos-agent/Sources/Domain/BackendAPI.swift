/// The backend calls the agent makes; `BackendClient` is the real one over HTTP.
public protocol BackendAPI: Sendable {
    /// `POST /api/1c/precheck`: the open receipt's amount, so a customer's app can offer a discount for it.
    func postPrecheck(storeId: Int64, amount: Kopecks) async throws(BackendError)
    /// `DELETE /api/1c/precheck?storeId=`: the receipt was closed, so the backend stops offering its amount at once.
    func clearPrecheck(storeId: Int64) async throws(BackendError)
    /// `POST /api/1c/pending-discounts/take` (`{"storeId": 1}`): discounts to apply at this till; the backend marks them
    /// processing, and only this store's key may take them.
    func takeDiscounts(storeId: Int64) async throws(BackendError) -> [PendingDiscount]
    /// `POST /api/1c/confirm-discount`: what happened to a discount.
    func confirmDiscount(id: String, outcome: DiscountOutcome) async throws(BackendError)
}
