import ServiceLifecycle

/// Ends the open event streams when graceful shutdown reaches it, so that the HTTP server, told to
/// stop next, has no endless response to wait for (clients reconnect, with `Last-Event-ID`, to
/// another replica).
struct StreamCloser: Service {
    let feed: StoreEventFeed

    func run() async throws {
        try? await gracefulShutdown()
        feed.finishAll()
    }
}
