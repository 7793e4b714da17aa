import SlipwayConfig
import Testing

@Suite struct FargateSizeTests {
    @Test(arguments: [
        (256, 512), (256, 2048), (512, 1024), (512, 4096), (1024, 8192), (2048, 16384), (4096, 30720),
        (8192, 16384), (8192, 61440), (16384, 32768), (16384, 122880),
    ])
    func accepted(cpu: Int, memory: Int) {
        #expect(FargateSize.accepts(cpu: cpu, memory: memory))
    }

    @Test(arguments: [
        (256, 256), (256, 1536), (256, 3072), (512, 512), (1024, 1024), (2048, 17408), (4096, 31744),
        (8192, 17408), (16384, 36864), (300, 1024),
    ])
    func refused(cpu: Int, memory: Int) {
        #expect(!FargateSize.accepts(cpu: cpu, memory: memory))
    }
}
