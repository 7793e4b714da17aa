import Crypto

/// SHA-256 of bytes, for callers above the signer that must not import Crypto themselves
/// (Lambda's `CodeSha256`, content hashes).
public enum SHA256Digest {
    public static func bytes(of data: some Sequence<UInt8>) -> [UInt8] {
        Array(SHA256.hash(data: Array(data)))
    }

    public static func hex(of data: some Sequence<UInt8>) -> String {
        bytes(of: data).hexString
    }
}
