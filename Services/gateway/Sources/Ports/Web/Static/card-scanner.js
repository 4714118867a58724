// Scanning the customer's QR code: Telegram's scanner inside Telegram, else the camera with the
// browser's BarcodeDetector; neither → no scan button.

/** The 6-digit card in a scanned text (the portal's QR holds just the card), or null. */
export function cardInText(text) {
  const match = /(?:^|\D)(\d{6})(?:\D|$)/.exec(String(text ?? ''));
  return match ? match[1] : null;
}

export class CardScanner {
  constructor({ webApp, video, onCard, onShow }) {
    this.webApp = webApp;
    this.video = video;
    this.onCard = onCard;
    this.onShow = onShow;
    this.stream = null;
    this.timer = null;
  }

  get available() {
    if (typeof this.webApp?.showScanQrPopup === 'function') return true;
    return 'BarcodeDetector' in window && Boolean(navigator.mediaDevices?.getUserMedia);
  }

  async start() {
    if (typeof this.webApp?.showScanQrPopup === 'function') {
      this.webApp.showScanQrPopup({}, (text) => {
        const card = cardInText(text);
        if (!card) return false;
        this.onCard(card);
        return true;
      });
      return;
    }
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    this.video.srcObject = this.stream;
    this.onShow(true);
    await this.video.play();
    this.timer = setInterval(async () => {
      try {
        for (const code of await detector.detect(this.video)) {
          const card = cardInText(code.rawValue);
          if (card) {
            this.stop();
            this.onCard(card);
            return;
          }
        }
      } catch {
        // A frame that could not be read: the next one.
      }
    }, 300);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    if (this.video) this.video.srcObject = null;
    this.onShow(false);
  }
}
