import ArgumentParser

/// `slipway completions SHELL`: the shell completion script, for installing.
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print the completion script for bash, zsh or fish.",
        discussion: """
            Install it where your shell looks, for example:
              bash:  slipway completions bash > /etc/bash_completion.d/slipway
              zsh:   slipway completions zsh > "${fpath[1]}/_slipway"
              fish:  slipway completions fish > ~/.config/fish/completions/slipway.fish
            """)

    @Argument(help: "bash, zsh or fish.")
    var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw ValidationError("'\(shell)' is not a shell slipway has completions for; choose bash, zsh or fish")
        }
        Terminal.write(Slipway.completionScript(for: kind))
    }
}
