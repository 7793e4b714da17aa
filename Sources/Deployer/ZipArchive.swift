import CZlib

/// Reads files out of a zip archive held in memory: the Build stage's output artifact.
/// Only what CodeBuild and CodePipeline write is needed (stored and deflated entries, ZIP64);
/// encrypted or multi-disk archives are refused, and every offset is bounds-checked.
struct ZipArchive {
    struct Entry: Equatable {
        let path: String
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: UInt64
        let uncompressedSize: UInt64
        let localHeaderOffset: UInt64

        var isDirectory: Bool { path.hasSuffix("/") }
        /// The last part of the path.
        var fileName: Substring { path.split(separator: "/").last ?? Substring(path) }
    }

    let bytes: [UInt8]
    let entries: [Entry]

    init(_ bytes: [UInt8]) throws(ZipError) {
        self.bytes = bytes
        let reader = ByteReader(bytes)
        let directory = try Self.centralDirectory(in: reader)
        var entries: [Entry] = []
        entries.reserveCapacity(Int(min(directory.count, 65_536)))
        var offset = directory.offset
        for _ in 0..<directory.count {
            guard try reader.uint32(at: offset) == 0x0201_4B50 else { throw ZipError("a central directory entry is damaged") }
            let flags = try reader.uint16(at: offset + 8)
            let method = try reader.uint16(at: offset + 10)
            let crc = try reader.uint32(at: offset + 16)
            var compressed = UInt64(try reader.uint32(at: offset + 20))
            var uncompressed = UInt64(try reader.uint32(at: offset + 24))
            let nameLength = UInt64(try reader.uint16(at: offset + 28))
            let extraLength = UInt64(try reader.uint16(at: offset + 30))
            let commentLength = UInt64(try reader.uint16(at: offset + 32))
            var localOffset = UInt64(try reader.uint32(at: offset + 42))
            let name = try reader.slice(at: offset + 46, count: nameLength)
            // ZIP64: the sizes and offset that do not fit in 32 bits are in the extra field 0x0001, in this order.
            var extra = offset + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = try reader.uint16(at: extra)
                let size = UInt64(try reader.uint16(at: extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    if uncompressed == 0xFFFF_FFFF { uncompressed = try reader.uint64(at: field); field += 8 }
                    if compressed == 0xFFFF_FFFF { compressed = try reader.uint64(at: field); field += 8 }
                    if localOffset == 0xFFFF_FFFF { localOffset = try reader.uint64(at: field) }
                }
                extra += 4 + size
            }
            entries.append(Entry(path: String(decoding: name, as: UTF8.self), method: method, flags: flags, crc32: crc,
                                 compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: localOffset))
            offset = extraEnd + commentLength
        }
        self.entries = entries
    }

    /// The uncompressed bytes of an entry, refusing entries larger than `limit`.
    func contents(of entry: Entry, limit: Int = 1 << 20) throws(ZipError) -> [UInt8] {
        guard entry.flags & 0x1 == 0 else { throw ZipError("\(entry.path) is encrypted") }
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw ZipError("\(entry.path) is \(entry.uncompressedSize) bytes, more than the \(limit) bytes read")
        }
        let reader = ByteReader(bytes)
        let header = entry.localHeaderOffset
        guard try reader.uint32(at: header) == 0x0403_4B50 else { throw ZipError("the local header of \(entry.path) is damaged") }
        let start = header + 30 + UInt64(try reader.uint16(at: header + 26)) + UInt64(try reader.uint16(at: header + 28))
        let stored = try reader.slice(at: start, count: entry.compressedSize)
        let output: [UInt8]
        switch entry.method {
        case 0:
            output = Array(stored)
        case 8:
            output = try Self.inflate(stored, expectedSize: Int(entry.uncompressedSize), path: entry.path)
        default:
            throw ZipError("\(entry.path) uses compression method \(entry.method); only stored (0) and deflate (8) are read")
        }
        guard output.count == Int(entry.uncompressedSize) else {
            throw ZipError("\(entry.path) unpacked to \(output.count) bytes instead of \(entry.uncompressedSize)")
        }
        let crc = output.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: CZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        guard crc == entry.crc32 else { throw ZipError("\(entry.path) fails its CRC-32 check") }
        return output
    }

    /// Raw deflate (no zlib header), of a known size.
    static func inflate(_ input: ArraySlice<UInt8>, expectedSize: Int, path: String) throws(ZipError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(expectedSize, 1))
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ZipError("zlib could not start inflating \(path)")
        }
        defer { inflateEnd(&stream) }
        var input = Array(input)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw ZipError("\(path) is not valid deflate data (zlib status \(status))")
        }
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// Finds the end of central directory record (and its ZIP64 form): where the directory is and how many entries it has.
    private static func centralDirectory(in reader: ByteReader) throws(ZipError) -> (offset: UInt64, count: UInt64) {
        let size = UInt64(reader.bytes.count)
        guard size >= 22 else { throw ZipError("the artifact is not a zip archive (\(size) bytes)") }
        var end: UInt64?
        var position = size - 22
        let lowest = size > 22 + 65_535 ? size - 22 - 65_535 : 0
        while true {
            if try reader.uint32(at: position) == 0x0605_4B50 { end = position; break }
            if position == lowest { break }
            position -= 1
        }
        guard let end else { throw ZipError("the artifact is not a zip archive (no end of central directory)") }
        guard try reader.uint16(at: end + 4) == 0, try reader.uint16(at: end + 6) == 0 else {
            throw ZipError("multi-disk zip archives are not supported")
        }
        var count = UInt64(try reader.uint16(at: end + 10))
        var offset = UInt64(try reader.uint32(at: end + 16))
        if count == 0xFFFF || offset == 0xFFFF_FFFF, end >= 20, try reader.uint32(at: end - 20) == 0x0706_4B50 {
            let record = try reader.uint64(at: end - 20 + 8)
            guard try reader.uint32(at: record) == 0x0606_4B50 else { throw ZipError("the ZIP64 end of central directory is damaged") }
            count = try reader.uint64(at: record + 32)
            offset = try reader.uint64(at: record + 48)
        }
        return (offset, count)
    }
}

/// Why the artifact could not be unzipped.
struct ZipError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Little-endian reads with bounds checks.
private struct ByteReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func slice(at offset: UInt64, count: UInt64) throws(ZipError) -> ArraySlice<UInt8> {
        guard offset <= UInt64(bytes.count), count <= UInt64(bytes.count) - offset else {
            throw ZipError("the zip archive is truncated or damaged (an entry points past its end)")
        }
        return bytes[Int(offset)..<Int(offset + count)]
    }

    func uint16(at offset: UInt64) throws(ZipError) -> UInt16 {
        let s = try slice(at: offset, count: 2)
        return UInt16(s[s.startIndex]) | UInt16(s[s.startIndex + 1]) << 8
    }

    func uint32(at offset: UInt64) throws(ZipError) -> UInt32 {
        let s = try slice(at: offset, count: 4)
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(s[s.startIndex + $1]) << (8 * UInt32($1)) }
    }

    func uint64(at offset: UInt64) throws(ZipError) -> UInt64 {
        let s = try slice(at: offset, count: 8)
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(s[s.startIndex + $1]) << (8 * UInt64($1)) }
    }
}
