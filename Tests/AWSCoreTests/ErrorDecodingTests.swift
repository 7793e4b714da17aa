import Testing
@testable import AWSCore

/// Error replies of every protocol, and moto's, read into one `AWSError`.
struct ErrorDecodingTests {
    func decode(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> AWSError {
        AWSErrorDecoder.decode(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)), service: "S", operation: "Op")
    }

    @Test func jsonTypeWithANamespacePrefix() {
        let error = decode(400, #"{"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."}"#,
                           headers: [("x-amzn-RequestId", "req-json")])
        #expect(error == AWSError(service: "S", operation: "Op", code: "ClusterNotFoundException", message: "Cluster not found.", statusCode: 400, requestID: "req-json"))
        #expect(error.description == "S Op: ClusterNotFoundException: Cluster not found. (HTTP 400, request id req-json)")
    }

    @Test func jsonCodeAndCapitalisedMessage() {
        let error = decode(400, #"{"code":"InvalidParameterException","Message":"bad"}"#)
        #expect(error.code == "InvalidParameterException")
        #expect(error.message == "bad")
    }

    @Test func errorTypeHeaderWhenTheBodyHasNoCode() {
        let error = decode(404, #"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:1:function:x"}"#,
                           headers: [("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/")])
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message.hasPrefix("Function not found"))
    }

    @Test func queryErrorResponse() {
        let error = decode(409, """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>EntityAlreadyExists</Code><Message>Role with name x already exists.</Message></Error>
              <RequestId>4a8e8d8a-query</RequestId>
            </ErrorResponse>
            """)
        #expect(error.code == "EntityAlreadyExists")
        #expect(error.message == "Role with name x already exists.")
        #expect(error.requestID == "4a8e8d8a-query")
    }

    @Test func s3Error() {
        let error = decode(404, """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>b</BucketName><RequestId>s3-req</RequestId><HostId>h</HostId></Error>
            """, headers: [("x-amz-request-id", "s3-header-req")])
        #expect(error.code == "NoSuchBucket")
        #expect(error.message == "The specified bucket does not exist")
        #expect(error.requestID == "s3-header-req")
    }

    @Test func motoXMLErrorOnAJSONService() {
        let error = decode(403, """
            <?xml version="1.0" encoding="UTF-8"?>
            <ErrorResponse>
                <Errors>
                    <Error>
                        <Code>SignatureDoesNotMatch</Code>
                        <Message><![CDATA[The request signature we calculated does not match the signature you provided.]]></Message>
                    </Error>
                </Errors>
            <RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID>
            </ErrorResponse>
            """)
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.message.hasPrefix("The request signature we calculated"))
        #expect(error.requestID == "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
        #expect(!error.isRetryable)
    }

    @Test func emptyBodyOfAHeadRequest() {
        let error = decode(404, "", headers: [("x-amz-request-id", "head-req")])
        #expect(error.code == "NotFound")
        #expect(error.message == "")
        #expect(error.requestID == "head-req")
        #expect(decode(403, "").code == "Forbidden")
        #expect(decode(418, "").code == "HTTP418")
    }

    @Test func throttlingAndTransientCodesAreRetryable() {
        #expect(decode(400, #"{"__type":"ThrottlingException"}"#).isRetryable)
        #expect(decode(400, "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>").isThrottling)
        #expect(decode(400, #"{"__type":"RequestLimitExceeded"}"#).isRetryable)
        #expect(!decode(400, #"{"__type":"AccessDeniedException"}"#).isRetryable)
        #expect(decode(500, #"{"__type":"InternalFailure"}"#).isRetryable)
    }
}

/// Error codes as types: a service's declared code matches AWS's answer, by `is` and in `switch`.
struct AWSErrorCodeTests {
    static let notFound = AWSErrorCode("ClusterNotFoundException")
    static let error = AWSError(service: "ECS", operation: "DescribeClusters", code: "ClusterNotFoundException", message: "", statusCode: 400)

    @Test func isMatchesAnyOfTheGivenCodes() {
        #expect(Self.error.is(Self.notFound))
        #expect(Self.error.is(AWSErrorCode("ServiceNotFoundException"), Self.notFound))
        #expect(!Self.error.is(AWSErrorCode("ServiceNotFoundException")))
        #expect(!Self.error.is())
    }

    @Test func aCodeCanBeSwitchedOn() {
        let matched = switch Self.error.errorCode {
        case AWSErrorCode("ServiceNotFoundException"): "service"
        case Self.notFound: "cluster"
        default: "other"
        }
        #expect(matched == "cluster")
        #expect(AWSErrorCode.accessDenied.contains(AWSErrorCode("AccessDeniedException")))
    }
}
