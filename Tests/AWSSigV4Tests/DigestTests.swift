import Testing
@testable import AWSSigV4

/// SHA-256, HMAC-SHA-256 and MD5 against published vectors (NIST FIPS 180 examples, RFC 4231,
/// RFC 1321), and at every padding boundary against Python's hashlib.
struct DigestTests {
    static func hex(_ text: String) -> String { SHA256.hash(Array(text.utf8)).hexString }

    @Test func sha256OfNISTExamples() {
        #expect(Self.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hexString
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the 56-byte padding edge and the 64-byte block, bytes `i % 251`.
    static let boundaries: [(Int, String, String)] = [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59", "6912ee65fff2d9f9ce2508cddf8bcda0"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562", "51fdd1acda72405dfdfa03fcb85896d7"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488", "48a6295221902e8e0938f773a7185e72"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108", "b2d3f56bc197fd985d5965079b5e7148"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781", "8bd7053801c768420faf816fadba971c"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6", "1c772251899a7ff007400b888d6b2042"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c", "b7ba1efc6022e9ed272f00b8831e26e6"),
        (128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5", "37eff01866ba3f538421b30b7cbefcac"),
    ]

    @Test(arguments: boundaries)
    func paddingBoundaries(_ length: Int, _ sha256: String, _ md5: String) {
        let bytes = (0..<length).map { UInt8($0 % 251) }
        #expect(SHA256.hash(bytes).hexString == sha256)
        #expect(MD5.hash(bytes).hexString == md5)
    }

    @Test func hmacOfRFC4231() {
        #expect(SHA256.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)).hexString
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)).hexString
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // A key of exactly one block is used as it is; one byte more, and it is hashed first.
        #expect(SHA256.hmac(key: [UInt8](repeating: 0x61, count: 64), message: Array("Slipway".utf8)).hexString
            == "da96fdd38d800379173e36f3433d230cf4a52ae532d29ab90eab90b44531a9ce")
        #expect(SHA256.hmac(key: [UInt8](repeating: 0x61, count: 65), message: Array("Slipway".utf8)).hexString
            == "eea202198532c37f8f5f8302f9e2bc8201ab97131433fd6e1b90b914097b3f7a")
        // A key longer than the block is hashed first.
        #expect(SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)).hexString
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func md5OfRFC1321() {
        let suite = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"), ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"), ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (text, digest) in suite {
            #expect(MD5.hash(Array(text.utf8)).hexString == digest, "\(text)")
        }
        #expect(Checksums.md5Base64(Array("abc".utf8)) == "kAFQmDzST7DWlj99KOF/cg==")
    }
}
