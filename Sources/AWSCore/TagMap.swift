/// A reply's tags as a map. Each service has its own tag shape, a key and a value by some name;
/// a tag without a key is left out, and one without a value has the empty value.
public func tagMap<Tag>(_ tags: [Tag]?, key: (Tag) -> String?, value: (Tag) -> String?) -> [String: String] {
    var map: [String: String] = [:]
    for tag in tags ?? [] {
        guard let name = key(tag) else { continue }
        map[name] = value(tag) ?? ""
    }
    return map
}
