use std::process::ExitCode;

fn main() -> ExitCode {
    gapwalk::cli::main()
}
