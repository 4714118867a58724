/// The name a customer's card shows: given at registration or by `UpdateMyProfile`, else taken
/// from Telegram.
public enum CustomerName {
    /// The longest name, in characters after trimming spaces; a longer Telegram name is cut to it.
    public static let maxLength = 64
}
