/// Why a text has no QR code here.
public enum QRCodeError: Error, Equatable {
    /// The text does not fit version 2 at the level asked for.
    case tooLong(bits: Int)
}
