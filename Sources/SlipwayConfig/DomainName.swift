/// The DNS names `slipway.yml` accepts: an environment's `domain` and a web service's `host` label.
enum DomainName {
    /// DNS's limit for a whole name.
    static let maximumLength = 253
    /// ACM's limit for a certificate's domain name (its common name, RFC 5280), which `{domain}` is.
    static let maximumCertificateNameLength = 64
    static let maximumLabelLength = 63
    static let labelRule = "lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-'"

    /// One label: `[a-z0-9]`, then `[a-z0-9-]`, not ending in `-`, at most 63 characters.
    static func isLabel(_ text: String) -> Bool {
        text.count <= maximumLabelLength && text.wholeMatch(of: /[a-z0-9]([a-z0-9-]*[a-z0-9])?/) != nil
    }

    /// What is wrong with `text` as an environment's domain, said after the quoted name; nil when it is fine.
    static func problem(with text: String) -> String? {
        if let scheme = ["https://", "http://"].first(where: { text.hasPrefix($0) }) {
            let host = text.dropFirst(scheme.count).prefix { $0 != "/" && $0 != ":" }
            return "is a URL; write the domain alone: '\(host)'"
        }
        if text.hasPrefix("*.") {
            return "is a wildcard; write the domain itself, '\(text.dropFirst(2))' (its certificate covers "
                + "\(text) too)"
        }
        if text.hasSuffix(".") {
            return "ends with '.'; write it without the trailing dot: '\(text.dropLast())'"
        }
        if text.lowercased() != text {
            return "has capital letters; write it in lowercase: '\(text.lowercased())'"
        }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 {
            return "has one label; a domain has at least two, such as example.org"
        }
        if labels.contains(where: \.isEmpty) {
            return "has an empty label; separate labels with a single '.'"
        }
        if let long = labels.first(where: { $0.count > maximumLabelLength }) {
            return "has a label of \(long.count) characters; a DNS label is at most \(maximumLabelLength)"
        }
        if let label = labels.first(where: { !isLabel(String($0)) }) {
            return "has the label '\(label)', which is not a DNS label; use \(labelRule)"
        }
        if text.count > maximumLength {
            return "is \(text.count) characters; a DNS name is at most \(maximumLength)"
        }
        if text.count > maximumCertificateNameLength {
            return "is \(text.count) characters; at most \(maximumCertificateNameLength) are allowed, because it is "
                + "the domain name of its ACM certificate"
        }
        return nil
    }
}
