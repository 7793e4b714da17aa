/// Replaces `${env:NAME}` in string values with the value of environment variable `NAME`.
struct VariableInterpolator: Sendable {
    enum Failure: Error, Equatable {
        case unset([String])
        case malformed
    }

    let variables: [String: String]

    func interpolate(_ text: String) -> Result<String, Failure> {
        let marker = "${env:"
        var result = ""
        var unset: [String] = []
        var rest = Substring(text)
        while let start = rest.firstRange(of: marker) {
            result += rest[..<start.lowerBound]
            let afterMarker = rest[start.upperBound...]
            guard let close = afterMarker.firstIndex(of: "}") else { return .failure(.malformed) }
            let name = String(afterMarker[..<close])
            guard NamePatterns.isVariableName(name) else { return .failure(.malformed) }
            if let value = variables[name] {
                result += value
            } else if !unset.contains(name) {
                unset.append(name)
            }
            rest = afterMarker[afterMarker.index(after: close)...]
        }
        result += rest
        return unset.isEmpty ? .success(result) : .failure(.unset(unset))
    }
}
