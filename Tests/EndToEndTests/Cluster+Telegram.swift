import Crypto
import Foundation

extension Cluster {
    /// Telegram WebApp initData for `userId`, signed as the bot `botToken` would sign it
    /// (HMAC-SHA256 under HMAC("WebAppData", token)).
    static func initData(botToken: String, userId: Int64, name: String) -> String {
        let fields = ["auth_date": String(Int(Date().timeIntervalSince1970)), "user": "{\"id\":\(userId),\"first_name\":\"\(name)\"}"]
        let secret = HMAC<SHA256>.authenticationCode(for: Data(botToken.utf8), using: SymmetricKey(data: Data("WebAppData".utf8)))
        let check = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let hash = HMAC<SHA256>.authenticationCode(for: Data(check.utf8), using: SymmetricKey(data: Data(secret)))
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
        return (encoded + ["hash=" + Data(hash).map { String(format: "%02x", $0) }.joined()]).joined(separator: "&")
    }
}
