import SlipwayCLI

/// The program's entry point; everything else is in SlipwayCLI, where tests can reach it.
@main
enum SlipwayMain {
    // Inside an async function the call resolves to ArgumentParser's async `main`.
    static func main() async {
        await Slipway.main(nil)
    }
}
