/// Reads an error reply of any protocol: JSON (`__type`, `code`, `message`), Query and S3 XML
/// (`<ErrorResponse><Error>…`, `<Error>…`), and the `x-amzn-ErrorType` header. moto answers
/// some JSON services with XML, so both are tried whatever the protocol.
enum AWSErrorDecoder {
    static func decode(_ response: HTTPResponse, service: String, operation: String) -> AWSError {
        var code: String?
        var message: String?
        var requestID = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")

        if let json = try? JSONValue.parse(response.body), case .object = json {
            code = (json["__type"] ?? json["code"] ?? json["Code"])?.stringValue
            message = (json["message"] ?? json["Message"] ?? json["errorMessage"])?.stringValue
        } else if let xml = try? XMLNode.parse(response.body) {
            let error = xml.name == "Error" ? xml : (xml.find("Error") ?? xml)
            code = error["Code"]?.text
            message = error["Message"]?.text
            requestID = requestID ?? xml.find("RequestId")?.text ?? xml["RequestID"]?.text
        }
        if code == nil, let header = response.header("x-amzn-ErrorType") {
            code = header
        }
        return AWSError(
            service: service,
            operation: operation,
            code: normalize(code) ?? fallbackCode(response.status),
            message: message ?? "",
            statusCode: response.status,
            requestID: requestID)
    }

    /// `aws.protocoltests#ThrottlingException:http://…` → `ThrottlingException`.
    static func normalize(_ code: String?) -> String? {
        guard var code, !code.isEmpty else { return nil }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        return code
    }

    static func fallbackCode(_ status: Int) -> String {
        switch status {
        case 301: return "PermanentRedirect"
        case 304: return "NotModified"
        case 400: return "BadRequest"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 429: return "TooManyRequestsException"
        default: return "HTTP\(status)"
        }
    }
}
