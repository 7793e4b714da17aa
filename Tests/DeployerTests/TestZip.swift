import CZlib
import Foundation

/// Writes .zip archives for the tests, deflated (method 8) as CodeBuild writes its artifacts,
/// or stored (method 0).
enum TestZip {
    static func zip(_ files: [(name: String, contents: String)], deflated: Bool = true) -> [UInt8] {
        zip(files.map { ($0.name, Array($0.contents.utf8)) }, deflated: deflated)
    }

    static func zip(_ files: [(name: String, contents: [UInt8])], deflated: Bool = true) -> [UInt8] {
        var archive: [UInt8] = []
        var central: [UInt8] = []
        for file in files {
            let name = Array(file.name.utf8)
            let crc = file.contents.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            let data = deflated ? deflate(file.contents) : file.contents
            let method: UInt16 = deflated ? 8 : 0
            let offset = UInt32(archive.count)
            archive += le32(0x0403_4b50) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0x21)
            archive += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(file.contents.count))
            archive += le16(UInt16(name.count)) + le16(0) + name + data
            central += le32(0x0201_4b50) + le16(0x031E) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(file.contents.count))
            central += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0)
            central += le32(UInt32(0o100644) << 16) + le32(offset) + name
        }
        let centralOffset = UInt32(archive.count)
        archive += central
        archive += le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(files.count)) + le16(UInt16(files.count))
        archive += le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
        return archive
    }

    /// Raw deflate (no zlib header), as zip stores it.
    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END)
        return Array(output.prefix(Int(stream.total_out)))
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
