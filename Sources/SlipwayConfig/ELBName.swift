/// Fits a derived name into Elastic Load Balancing's 32 characters (load balancers, target groups).
///
/// A name that fits is kept as it is. A longer one keeps its start and ends in `-` and a hash of
/// the whole name, so that two long names with the same start still differ, and the same name
/// always shortens the same way (AWS is the state: the name is how Slipway finds it again).
enum ELBName {
    static let maximumLength = 32
    static let hashLength = 7

    static func fitting(_ name: String) -> String {
        guard name.count > maximumLength else { return name }
        let start = name.prefix(maximumLength - hashLength - 1)
        let kept = start.reversed().drop { $0 == "-" }.reversed()
        return String(kept) + "-" + hash(name)
    }

    /// The first 7 lowercase hex digits of the name's FNV-1a (32-bit) hash over its UTF-8 bytes.
    static func hash(_ name: String) -> String {
        String(StableHash.hex(name).prefix(hashLength))
    }
}
