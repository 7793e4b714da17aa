/// SHA-256 of bytes, for callers above the signer (Lambda's `CodeSha256`, content hashes).
public enum SHA256Digest {
    public static func bytes(of data: some Sequence<UInt8>) -> [UInt8] {
        SHA256.hash(Array(data))
    }

    public static func hex(of data: some Sequence<UInt8>) -> String {
        bytes(of: data).hexString
    }
}
