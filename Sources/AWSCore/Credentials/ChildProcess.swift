#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Runs a program and captures its output, with posix_spawn: FoundationEssentials has no
/// `Process`, and the deployer should not need all of Foundation for this.
enum ChildProcess {
    struct Output: Sendable {
        /// The exit status, or nil when a signal ended the process.
        var exitStatus: Int32?
        var signal: Int32?
        var standardOutput: [UInt8]
        var standardError: [UInt8]
    }

    struct Failure: Error, Sendable, CustomStringConvertible {
        let description: String
    }

    /// Runs `arguments` (the first looked up in `environment["PATH"]` unless it holds a `/`) with
    /// exactly `variables`, standard input inherited, and waits for it to end.
    static func run(_ arguments: [String], variables: [String: String]) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            // The wait blocks a thread; keep it off the cooperative pool.
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, variables: variables) })
            }
        }
    }

    static func runBlocking(_ arguments: [String], variables: [String: String]) throws -> Output {
        guard let command = arguments.first, !command.isEmpty else { throw Failure(description: "the command is empty") }
        guard let executable = resolve(command, path: variables["PATH"]) else {
            throw Failure(description: "\(command): command not found")
        }

        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard pipe(&outputPipe) == 0 else { throw failure("pipe") }
        guard pipe(&errorPipe) == 0 else {
            close(outputPipe[0]); close(outputPipe[1])
            throw failure("pipe")
        }
        // Close-on-exec (pipe2 is not visible from Swift's Glibc): the child keeps only its dup2 copies.
        for descriptor in outputPipe + errorPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)

        // The child starts with default signal handling and an empty mask, whatever this
        // process (NIO ignores SIGPIPE) has set, as Python's subprocess does.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var pid: pid_t = 0
        var spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // "Text file busy": the program was just written and a process forked meanwhile still
        // holds it open; that lasts only until that process execs.
        for _ in 0..<20 where spawned == ETXTBSY {
            usleep(5_000)
            spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        close(outputPipe[1])
        close(errorPipe[1])
        guard spawned == 0 else {
            close(outputPipe[0]); close(errorPipe[0])
            throw Failure(description: "\(command): \(String(cString: strerror(spawned)))")
        }

        let (standardOutput, standardError) = readBoth(outputPipe[0], errorPipe[0])
        close(outputPipe[0])
        close(errorPipe[0])

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw failure("waitpid") }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let terminatingSignal = status & 0x7f
        return Output(exitStatus: terminatingSignal == 0 ? (status >> 8) & 0xff : nil,
                      signal: terminatingSignal == 0 ? nil : terminatingSignal,
                      standardOutput: standardOutput, standardError: standardError)
    }

    /// Reads two pipes to their ends together, so a child that fills one cannot block on it.
    private static func readBoth(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var descriptors = [pollfd(fd: first, events: Int16(POLLIN), revents: 0), pollfd(fd: second, events: Int16(POLLIN), revents: 0)]
        var collected: [[UInt8]] = [[], []]
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var open = 2
        while open > 0 {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in descriptors.indices where descriptors[index].fd >= 0 && descriptors[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptors[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index] += buffer[0..<count]
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    descriptors[index].fd = -1
                    open -= 1
                }
            }
        }
        return (collected[0], collected[1])
    }

    static func resolve(_ command: String, path: String?) -> String? {
        if command.contains("/") { return command }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + command
            var information = stat()
            if stat(candidate, &information) == 0, information.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    private static func failure(_ call: String) -> Failure {
        Failure(description: "\(call): \(String(cString: strerror(errno)))")
    }
}
