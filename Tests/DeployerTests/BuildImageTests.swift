import Deployer
import Foundation
import Testing

@Suite("BuildImage: the image URI from the Build stage's zipped artifact")
struct BuildImageTests {
    static let digest = "sha256:" + String(repeating: "0123456789abcdef", count: 4)
    static let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/dbmi/sciauth@" + digest

    /// Made by Python's zipfile (ZIP_DEFLATED), as a check against a zip writer other than our own:
    /// imageDetail.json = {"ImageURI": "<image>"} and imagedefinitions.json naming "web" and "worker".
    static let pythonZip = """
    UEsDBBQAAAAIAAAAIQDmknJiXgAAAJEAAAAQAAAAaW1hZ2VEZXRhaWwuanNvbqtW8sxNTE8NDfJUslJQMjQyNjE1M7ewNDA00kvJLtJLTS7SKy3WTU0sLtE11EvMTazKz0ssL9ZLzs/VT0nKzdQvTs5MLC3JcCjOSDQyNbMygJuQmJSckppGKl+pFgBQSwMEFAAAAAgAAAAhABCd74KCAAAARwEAABUAAABpbWFnZWRlZmluaXRpb25zLmpzb26tjrEOgjAURX+leTOUtggqkz/hZBxe26c05NGkhZBo+HfjYlhJHM8d7jm3N4zIBJ2AhSwUAgLjk64pfCdt6kPTHk9npY30Q5LkkpxzSZinUktkfMURlyxd5MpbDlV2Aeepv+QeTdN26veA1nl67GVYC7EpjGmg9PfI2mi1le5lWO8fUEsBAhQDFAAAAAgAAAAhAOaScmJeAAAAkQAAABAAAAAAAAAAAAAAAIABAAAAAGltYWdlRGV0YWlsLmpzb25QSwECFAMUAAAACAAAACEAEJ3vgoIAAABHAQAAFQAAAAAAAAAAAAAAgAGMAAAAaW1hZ2VkZWZpbml0aW9ucy5qc29uUEsFBgAAAAACAAIAgQAAAEEBAAAAAA==
    """

    @Test("imageDetail.json, deflated")
    func imageDetail() throws {
        let zip = TestZip.zip([(name: "imageDetail.json", contents: #"{"ImageURI": "\#(Self.image)"}"#)])
        #expect(try BuildImage.read(zip: zip, container: "web") == BuildImage(uri: Self.image, file: "imageDetail.json"))
    }

    @Test("imagedefinitions.json: the entry named after the container, stored")
    func imageDefinitions() throws {
        let other = Self.image.replacingOccurrences(of: "0123", with: "3210")
        let zip = TestZip.zip([(name: "out/imagedefinitions.json", contents: #"[{"name":"worker","imageUri":"\#(other)"},{"name":"web","imageUri":"\#(Self.image)"}]"#)], deflated: false)
        #expect(try BuildImage.read(zip: zip, container: "web").uri == Self.image)
        #expect(try BuildImage.read(zip: zip, container: "worker").uri == other)
    }

    @Test("a zip written by another tool (Python's zipfile)")
    func foreignZip() throws {
        let zip = try #require(Data(base64Encoded: Self.pythonZip))
        let image = try BuildImage.read(zip: Array(zip), container: "web")
        #expect(image.file == "imageDetail.json")
        #expect(image.uri.hasSuffix("@" + Self.digest))
    }

    @Test("what is wrong with an artifact is said plainly", arguments: [
        ([("README.md", "hello")], "neither imageDetail.json nor imagedefinitions.json"),
        ([("imageDetail.json", "[]")], "is not a JSON object"),
        ([("imageDetail.json", #"{"imageUri":"x"}"#)], #"has no "ImageURI" string"#),
        ([("imagedefinitions.json", #"[{"name":"api","imageUri":"x@sha256:00"}]"#)], "has no entry named 'web' (it names: api)"),
        ([("imageDetail.json", #"{"ImageURI":"123456789012.dkr.ecr.us-east-1.amazonaws.com/dbmi/sciauth:latest"}"#)], "by tag only"),
        ([("imageDetail.json", #"{"ImageURI":"repo@sha256:abc"}"#)], "is not sha256: followed by 64 hex digits"),
    ])
    func problems(_ files: [(String, String)], _ expected: String) {
        let zip = TestZip.zip(files.map { (name: $0.0, contents: $0.1) })
        #expect {
            try BuildImage.read(zip: zip, container: "web")
        } throws: { error in
            (error as? BuildImageError)?.description.contains(expected) == true
        }
    }

    @Test("damaged archives are refused, not crashed on")
    func damaged() {
        let good = TestZip.zip([(name: "imageDetail.json", contents: #"{"ImageURI":"\#(Self.image)"}"#)])
        var badCRC = good
        // The central directory entry (46 bytes + the 16-byte name) ends where the 22-byte end record starts; its CRC-32 is at +16.
        badCRC[good.count - 22 - (46 + 16) + 16] ^= 0xFF
        for bytes in [[], Array("not a zip at all, just text".utf8), Array(good.prefix(40)), Array(good.suffix(30)), badCRC] {
            #expect(throws: BuildImageError.self) { try BuildImage.read(zip: bytes, container: "web") }
        }
    }
}
