import Gateway
import XCTest

final class TrustedProxiesTests: XCTestCase {
    private let proxies = try! TrustedProxies(parsing: "10.0.0.0/8, 192.0.2.7, fd00::/8")

    func test_untrustedPeer_isTheClient_whateverItForwards() {
        XCTAssertEqual(proxies.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]), "203.0.113.9")
        XCTAssertEqual(proxies.client(peer: "203.0.113.9", forwardedFor: ["10.0.0.1"]), "203.0.113.9")
        XCTAssertEqual(TrustedProxies().client(peer: "10.0.0.1", forwardedFor: ["198.51.100.1"]), "10.0.0.1", "nothing trusted by default")
    }

    func test_trustedPeer_clientIsTheRightMostUntrustedForwardedAddress() {
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: ["198.51.100.1"]), "198.51.100.1")
        XCTAssertEqual(proxies.client(peer: "192.0.2.7", forwardedFor: ["198.51.100.1, 10.0.0.9"]), "198.51.100.1", "through two proxies")
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: ["198.51.100.1", "10.0.0.9"]), "198.51.100.1", "header lines in order")
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: []), "10.1.2.3", "no header: the proxy itself")
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: ["10.0.0.9, 10.0.0.8"]), "10.0.0.9", "every hop ours: the farthest")
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: ["198.51.100.1:5123"]), "198.51.100.1", "a port is not part of the client")
    }

    func test_spoofedChains_cannotChooseTheBucket() {
        // The client wrote everything left of what our proxy appended: only the proxy's entry counts.
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: ["1.1.1.1, 2.2.2.2, 198.51.100.1"]), "198.51.100.1")
        // A client claiming to be one of our proxies is still the address our proxy saw.
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: ["10.0.0.5, 198.51.100.1"]), "198.51.100.1")
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: ["not-an-ip, 198.51.100.1"]), "198.51.100.1")
        // An entry that is not an address ends the walk: it is the key, as written.
        XCTAssertEqual(proxies.client(peer: "10.1.2.3", forwardedFor: ["198.51.100.1, junk"]), "junk")
    }

    func test_ipv6_blocks_andIPv4MappedPeers() {
        XCTAssertEqual(proxies.client(peer: "fd00::1", forwardedFor: ["2001:db8::5, fd12::2"]), "2001:db8::5")
        XCTAssertEqual(proxies.client(peer: "[fd00::1]:443", forwardedFor: ["[2001:db8::5]:80"]), "2001:db8::5")
        XCTAssertEqual(proxies.client(peer: "::ffff:10.0.0.1", forwardedFor: ["198.51.100.1"]), "198.51.100.1")
        XCTAssertEqual(proxies.client(peer: "2001:db8::9", forwardedFor: ["198.51.100.1"]), "2001:db8::9")
    }

    func test_parsing_refusesWhatIsNotAnAddressOrBlock() {
        for bad in ["10.0.0.0/33", "fd00::/129", "proxy.local", "10.0.0.0/", "10.0.0.0/8/8"] {
            XCTAssertThrowsError(try TrustedProxies(parsing: bad), bad)
        }
        XCTAssertEqual(try TrustedProxies(parsing: " , ").networks.count, 0)
        let any4 = IPNetwork(parsing: "0.0.0.0/0")!
        XCTAssertTrue(any4.contains(IPAddress(parsing: "203.0.113.1")!))
        XCTAssertFalse(any4.contains(IPAddress(parsing: "2001:db8::1")!), "an IPv4 block holds no IPv6 address")
        let pair = IPNetwork(parsing: "192.0.2.6/31")!
        XCTAssertTrue(pair.contains(IPAddress(parsing: "192.0.2.7")!))
        XCTAssertFalse(pair.contains(IPAddress(parsing: "192.0.2.8")!))
    }
}
