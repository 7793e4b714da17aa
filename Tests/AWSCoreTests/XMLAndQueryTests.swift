import AWSSigV4
import Foundation
import Testing
@testable import AWSCore

/// The XML parser and shape decoder (Query and REST-XML replies) and the Query encoder.
struct XMLDecodingTests {
    struct Role: Decodable, Equatable {
        let RoleName: String
        let Arn: String
        let CreateDate: Date
        let MaxSessionDuration: Int?
        let Tags: [Tag]?
    }

    struct Tag: Decodable, Equatable {
        let Key: String
        let Value: String
    }

    struct ListRolesResult: Decodable {
        let Roles: [Role]
        let IsTruncated: Bool
        let Marker: String?
    }

    @Test func wrappedMemberListsNestedShapesDatesAndBooleans() throws {
        let root = try XMLNode.parse(Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <ListRolesResult>
                <IsTruncated>true</IsTruncated>
                <Marker>next-page</Marker>
                <Roles>
                  <member>
                    <RoleName>deploy</RoleName>
                    <Arn>arn:aws:iam::123456789012:role/deploy</Arn>
                    <CreateDate>2024-01-31T12:34:56Z</CreateDate>
                    <MaxSessionDuration>3600</MaxSessionDuration>
                    <Tags><member><Key>slipway:app</Key><Value>demo</Value></member><member><Key>env</Key><Value>prod</Value></member></Tags>
                  </member>
                  <member>
                    <RoleName>build</RoleName>
                    <Arn>arn:aws:iam::123456789012:role/build</Arn>
                    <CreateDate>2024-02-01T00:00:00.250+01:00</CreateDate>
                  </member>
                </Roles>
              </ListRolesResult>
            </ListRolesResponse>
            """.utf8))
        let result = try XMLShapeDecoder.decode(ListRolesResult.self, from: try #require(root["ListRolesResult"]))
        #expect(result.IsTruncated)
        #expect(result.Marker == "next-page")
        #expect(result.Roles.map(\.RoleName) == ["deploy", "build"])
        #expect(result.Roles[0].CreateDate == Date(timeIntervalSince1970: 1_706_704_496))
        #expect(result.Roles[0].MaxSessionDuration == 3600)
        #expect(result.Roles[0].Tags == [Tag(Key: "slipway:app", Value: "demo"), Tag(Key: "env", Value: "prod")])
        #expect(result.Roles[1].CreateDate == Date(timeIntervalSince1970: 1_706_742_000.25))
        #expect(result.Roles[1].Tags == nil)
    }

    @Test func singleMemberAndEmptyLists() throws {
        let one = try XMLShapeDecoder.decode(ListRolesResult.self, from: try XMLNode.parse(Array("""
            <ListRolesResult><IsTruncated>false</IsTruncated><Roles><member><RoleName>r</RoleName><Arn>a</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></member></Roles></ListRolesResult>
            """.utf8)))
        #expect(one.Roles.map(\.RoleName) == ["r"])
        #expect(one.Marker == nil)
        let empty = try XMLShapeDecoder.decode(ListRolesResult.self, from: try XMLNode.parse(Array("<ListRolesResult><IsTruncated>false</IsTruncated><Roles/></ListRolesResult>".utf8)))
        #expect(empty.Roles.isEmpty)
        let emptyOpen = try XMLShapeDecoder.decode(ListRolesResult.self, from: try XMLNode.parse(Array("<ListRolesResult><IsTruncated>false</IsTruncated><Roles>\n  </Roles></ListRolesResult>".utf8)))
        #expect(emptyOpen.Roles.isEmpty)
    }

    struct ListObjectsResult: Decodable {
        struct Object: Decodable { let Key: String; let Size: Int }
        struct Prefix: Decodable { let Prefix: String }
        let Name: String
        let Contents: [Object]?
        let CommonPrefixes: [Prefix]?
    }

    @Test func flattenedListsOfOneAndOfMany() throws {
        let many = try XMLShapeDecoder.decode(ListObjectsResult.self, from: try XMLNode.parse(Array("""
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>bucket</Name>
              <Contents><Key>a.zip</Key><Size>1</Size></Contents>
              <Contents><Key>b.zip</Key><Size>2</Size></Contents>
              <CommonPrefixes><Prefix>logs/</Prefix></CommonPrefixes>
              <CommonPrefixes><Prefix>builds/</Prefix></CommonPrefixes>
            </ListBucketResult>
            """.utf8)))
        #expect(many.Contents?.map(\.Key) == ["a.zip", "b.zip"])
        #expect(many.CommonPrefixes?.map(\.Prefix) == ["logs/", "builds/"])

        let one = try XMLShapeDecoder.decode(ListObjectsResult.self, from: try XMLNode.parse(Array("""
            <ListBucketResult><Name>bucket</Name><Contents><Key>a.zip</Key><Size>1</Size></Contents><CommonPrefixes><Prefix>logs/</Prefix></CommonPrefixes></ListBucketResult>
            """.utf8)))
        #expect(one.Contents?.map(\.Size) == [1])
        #expect(one.CommonPrefixes?.map(\.Prefix) == ["logs/"])

        let none = try XMLShapeDecoder.decode(ListObjectsResult.self, from: try XMLNode.parse(Array("<ListBucketResult><Name>bucket</Name></ListBucketResult>".utf8)))
        #expect(none.Contents == nil)
    }

    struct TaggingResult: Decodable { let TagSet: [Tag] }

    @Test func wrappedListsNamedAfterTheirItems() throws {
        let result = try XMLShapeDecoder.decode(TaggingResult.self, from: try XMLNode.parse(Array("""
            <Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>
            """.utf8)))
        #expect(result.TagSet == [Tag(Key: "k", Value: "v")])
    }

    struct MapResult: Decodable { let Attributes: [String: String] }

    @Test func maps() throws {
        let result = try XMLShapeDecoder.decode(MapResult.self, from: try XMLNode.parse(Array("""
            <R><Attributes><entry><key>Policy</key><value>{}</value></entry><entry><key>Owner</key><value>me</value></entry></Attributes></R>
            """.utf8)))
        #expect(result.Attributes == ["Policy": "{}", "Owner": "me"])
    }

    @Test func entitiesCDATACommentsAndNamespacePrefixes() throws {
        let root = try XMLNode.parse(Array("""
            <?xml version="1.0"?>
            <!-- a comment -->
            <ns:Root xmlns:ns="urn:x" attr='a &amp; b'>
              <Text>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#233; &#x41;</Text>
              <Data><![CDATA[<not> &amp; parsed]]></Data>
              <!-- <Hidden>no</Hidden> -->
              <Empty/>
            </ns:Root>
            """.utf8))
        #expect(root.name == "Root")
        #expect(root.attributes["attr"] == "a & b")
        #expect(root["Text"]?.text == "a <b> & \"c\" 'd' é A")
        #expect(root["Data"]?.text == "<not> &amp; parsed")
        #expect(root["Hidden"] == nil)
        #expect(root["Empty"]?.text == "")
        // A policy document as IAM returns it: URL-encoded JSON inside an element.
        let policy = try XMLNode.parse(Array("<P>%7B%22Version%22%3A%222012-10-17%22%7D</P>".utf8))
        #expect(URIEncoding.decode(policy.text) == #"{"Version":"2012-10-17"}"#)
    }

    @Test func malformedXMLIsAnError() {
        #expect(throws: XMLParseError.self) { try XMLNode.parse(Array("<a><b></a>".utf8)) }
        #expect(throws: XMLParseError.self) { try XMLNode.parse(Array("<a>".utf8)) }
        #expect(throws: XMLParseError.self) { try XMLNode.parse(Array("".utf8)) }
    }

    @Test func aMissingRequiredMemberNamesIt() throws {
        let error = #expect(throws: DecodingError.self) {
            try XMLShapeDecoder.decode(Tag.self, from: try XMLNode.parse(Array("<Tag><Key>k</Key></Tag>".utf8)))
        }
        guard case .keyNotFound(let key, _) = error else { Issue.record("expected keyNotFound, got \(String(describing: error))"); return }
        #expect(key.stringValue == "Value")
    }
}

struct QueryEncoderTests {
    struct Tag: Encodable { let Key: String; let Value: String }
    struct Input: Encodable {
        let RoleName: String
        let Description: String?
        let MaxSessionDuration: Int
        let Tags: [Tag]
        let PolicyArns: [String]
        let Flag: Bool
    }

    @Test func listsAsMemberNAndNestedStructsAsDottedNames() throws {
        let parameters = try QueryEncoder.parameters(action: "CreateRole", version: "2010-05-08", input: Input(
            RoleName: "deploy", Description: nil, MaxSessionDuration: 3600,
            Tags: [Tag(Key: "slipway:app", Value: "demo"), Tag(Key: "env", Value: "a b&c=d")],
            PolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], Flag: true))
        // In the shape's member order, as botocore writes them (AWS reads them in any order).
        #expect(parameters.map { "\($0.0)=\($0.1)" } == [
            "Action=CreateRole", "Version=2010-05-08",
            "RoleName=deploy", "MaxSessionDuration=3600",
            "Tags.member.1.Key=slipway:app", "Tags.member.1.Value=demo",
            "Tags.member.2.Key=env", "Tags.member.2.Value=a b&c=d",
            "PolicyArns.member.1=arn:aws:iam::aws:policy/ReadOnlyAccess",
            "Flag=true",
        ])
        let body = QueryEncoder.formBody(parameters)
        // Spaces as `+`, as botocore writes forms.
        #expect(body.contains("Tags.member.2.Value=a+b%26c%3Dd"))
        #expect(body.contains("PolicyArns.member.1=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess"))
    }

    @Test func anEmptyListIsSentAsTheBareName() throws {
        struct Input: Encodable { let ClientIDList: [String] }
        let parameters = try QueryEncoder.parameters(action: "A", version: "1", input: Input(ClientIDList: []))
        #expect(parameters.dropFirst(2).map { "\($0.0)=\($0.1)" } == ["ClientIDList="])
    }

    @Test func mapsAsEntriesInKeyOrder() throws {
        struct Input: Encodable { let Name: String; let Attributes: [String: String] }
        let parameters = try QueryEncoder.parameters(action: "CreateTopic", version: "2010-03-31", input: Input(
            Name: "alerts", Attributes: ["FifoTopic": "false", "DisplayName": "Alerts"]))
        #expect(parameters.dropFirst(2).map { "\($0.0)=\($0.1)" } == [
            "Name=alerts",
            "Attributes.entry.1.key=DisplayName", "Attributes.entry.1.value=Alerts",
            "Attributes.entry.2.key=FifoTopic", "Attributes.entry.2.value=false",
        ])
    }

    @Test func theEC2DialectNumbersListItemsDirectlyAndLeavesEmptyListsOut() throws {
        struct Filter: Encodable { let Name: String; let Value: [String] }
        struct Input: Encodable { let Filter: [Filter]; let GroupId: [String] }
        let parameters = try QueryEncoder.parameters(action: "DescribeSecurityGroups", version: "2016-11-15", input: Input(
            Filter: [Filter(Name: "group-name", Value: ["demo-production-lb", "demo-production-tasks"])], GroupId: []), dialect: .ec2)
        #expect(parameters.dropFirst(2).map { "\($0.0)=\($0.1)" } == [
            "Filter.1.Name=group-name", "Filter.1.Value.1=demo-production-lb", "Filter.1.Value.2=demo-production-tasks",
        ])
    }
}
