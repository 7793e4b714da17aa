/// The task cpu and memory combinations that Fargate accepts (DESIGN.md "AWS facts").
public enum FargateSize {
    /// cpu units → the memory values (MiB) Fargate accepts with it.
    private static let table: [(cpu: Int, memory: [Int])] = [
        // AWS documents 256 cpu units with 512, 1024 and 2048 MiB, not 1536.
        (256, [512, 1024, 2048]),
        (512, Array(stride(from: 1024, through: 4096, by: 1024))),
        (1024, Array(stride(from: 2048, through: 8192, by: 1024))),
        (2048, Array(stride(from: 4096, through: 16384, by: 1024))),
        (4096, Array(stride(from: 8192, through: 30720, by: 1024))),
        (8192, Array(stride(from: 16384, through: 61440, by: 4096))),
        (16384, Array(stride(from: 32768, through: 122880, by: 8192))),
    ]

    public static var cpuValues: [Int] { table.map(\.cpu) }

    /// The memory values allowed with `cpu`, or empty when `cpu` is not a Fargate size.
    public static func memoryValues(forCPU cpu: Int) -> [Int] {
        table.first { $0.cpu == cpu }?.memory ?? []
    }

    public static func accepts(cpu: Int, memory: Int) -> Bool {
        memoryValues(forCPU: cpu).contains(memory)
    }

    /// The allowed memory for `cpu` in words: a short list, or a range with its step.
    static func describeMemory(forCPU cpu: Int) -> String {
        let values = memoryValues(forCPU: cpu)
        guard let first = values.first, let last = values.last else { return "" }
        if values.count <= 4 {
            return EnglishList.or(values.map(String.init))
        }
        return "\(first) to \(last) in steps of \(values[1] - first)"
    }
}
