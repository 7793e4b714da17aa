/// FNV-1a (32-bit) over a text's UTF-8 bytes: a hash that is the same on every machine and in
/// every version, for names and tokens that must come out the same on each run.
public enum StableHash {
    public static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }

    /// The hash as 8 lowercase hex digits.
    public static func hex(_ text: String) -> String {
        let hex = String(fnv1a(text), radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
