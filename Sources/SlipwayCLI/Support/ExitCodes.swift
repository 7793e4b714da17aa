/// What the process's exit status means, for every command.
enum ExitCodes {
    static let success: Int32 = 0
    /// A bad file, a failed AWS call, a refused change.
    static let failure: Int32 = 1
    /// `plan --detailed-exitcode`: the plan has changes.
    static let changesPresent: Int32 = 2
    /// `release --wait`, `rollback`: the pipeline run or the ECS rollout ended, and failed.
    static let runFailed: Int32 = 3
    /// `release --wait`, `rollback`: waiting gave up (--timeout) before the run or rollout ended.
    static let timedOut: Int32 = 4
    /// Bad command-line usage (EX_USAGE): an unknown flag, a value that does not fit.
    static let usage: Int32 = 64
    /// Ctrl-C (SIGINT): what was under way finished, nothing new started.
    static let interrupted: Int32 = 130

    static let help = """
        Exit status: 0 success; 1 an error (bad slipway.yml, an AWS call that failed, a change \
        refused); 2 with `plan --detailed-exitcode`, the plan has changes; 3 a pipeline run \
        (`release --wait`) or an ECS rollout (`rollback`) that failed; 4 gave up waiting for one \
        (--timeout); 64 bad command-line usage; 130 interrupted.
        """
}
