import Contracts
import HTTPTypes
import Hummingbird

extension GatewayError {
    /// Hummingbird's own errors (404 no route, 413 body too large, …) as ours, so they get our
    /// error body and the headers the middlewares add.
    init(_ error: any HTTPResponseError) {
        let code: StatusCode =
            switch error.status.code {
            case 404: .notFound
            case 405: .unimplemented
            case 413: .resourceExhausted
            case 500...: .internal
            default: .invalidArgument
            }
        let message = error.status == .contentTooLarge ? "request body too large" : error.status.reasonPhrase
        self.init(code, message, httpStatus: error.status)
    }
}
