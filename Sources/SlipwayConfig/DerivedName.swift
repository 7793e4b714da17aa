/// A name Slipway derives for an AWS resource, with the length and characters AWS allows for it.
struct DerivedName: Sendable {
    enum Characters: Sendable {
        case pipeline, codeBuild, ecs, ecr, lambda, iam, logGroup, bucket
        /// EventBridge rules, connections and API destinations, SNS topics: letters, digits, `.`, `-`, `_`.
        case eventBridge
        /// Load balancers and target groups: letters, digits and `-`, not at either end.
        case elb
        /// EC2 security groups in a VPC.
        case securityGroup

        func allows(_ name: String) -> Bool {
            let scalars = Array(name.unicodeScalars)
            switch self {
            case .pipeline:
                return scalars.allSatisfy { $0.isASCIIAlphanumeric || ".@-_".unicodeScalars.contains($0) }
            case .codeBuild:
                return scalars.first?.isASCIIAlphanumeric == true
                    && scalars.allSatisfy { $0.isASCIIAlphanumeric || "-_".unicodeScalars.contains($0) }
            case .ecs, .lambda:
                return scalars.allSatisfy { $0.isASCIIAlphanumeric || "-_".unicodeScalars.contains($0) }
            case .ecr:
                return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
                    part.first.map { $0.isLowercaseASCIILetterOrDigit } == true
                        && part.unicodeScalars.allSatisfy {
                            $0.isLowercaseASCIIAlphanumeric || "._-".unicodeScalars.contains($0)
                        }
                }
            case .iam:
                return scalars.allSatisfy { $0.isASCIIAlphanumeric || "_+=,.@-".unicodeScalars.contains($0) }
            case .logGroup:
                return scalars.allSatisfy { $0.isASCIIAlphanumeric || "_-/.#".unicodeScalars.contains($0) }
            case .elb:
                return scalars.first != "-" && scalars.last != "-"
                    && scalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
            case .securityGroup:
                return scalars.allSatisfy {
                    $0.isASCIIAlphanumeric || " ._-:/()#,@[]+=&;{}!$*".unicodeScalars.contains($0)
                }
            case .eventBridge:
                return scalars.allSatisfy { $0.isASCIIAlphanumeric || ".-_".unicodeScalars.contains($0) }
            case .bucket:
                return scalars.first?.isLowercaseASCIIAlphanumeric == true
                    && scalars.last?.isLowercaseASCIIAlphanumeric == true
                    && scalars.allSatisfy { $0.isLowercaseASCIIAlphanumeric || ".-".unicodeScalars.contains($0) }
            }
        }
    }

    let label: String
    let value: String
    let length: ClosedRange<Int>
    let characters: Characters
    /// A start that AWS keeps for itself (`internal-` for load balancers, `sg-` for security groups).
    var reservedPrefix: String? = nil

    var hasReservedPrefix: Bool {
        reservedPrefix.map { value.hasPrefix($0) } ?? false
    }

    /// What is wrong with the name, without advice (the caller knows which keys it came from).
    var problem: String? {
        let count = value.count
        if count > length.upperBound {
            return "the \(label) '\(value)' would be \(count) characters, over AWS's limit of \(length.upperBound)"
        }
        if count < length.lowerBound {
            return "the \(label) '\(value)' would be \(count) characters, under AWS's minimum of \(length.lowerBound)"
        }
        if let reservedPrefix, hasReservedPrefix {
            return "the \(label) '\(value)' would start with '\(reservedPrefix)', which AWS does not allow"
        }
        if characters == .elb, value.hasPrefix("-") || value.hasSuffix("-") {
            let end = value.hasPrefix("-") ? "start" : "end"
            return "the \(label) '\(value)' would \(end) with '-', which AWS does not allow"
        }
        if !characters.allows(value) {
            return "the \(label) '\(value)' has characters that AWS does not allow there"
        }
        return nil
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }

    var isLowercaseASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("0"..."9").contains(self)
    }
}

extension Character {
    var isLowercaseASCIILetterOrDigit: Bool {
        unicodeScalars.count == 1 && unicodeScalars.allSatisfy(\.isLowercaseASCIIAlphanumeric)
    }
}
