use std::process::ExitCode;

/// mimalloc keeps an assessment's many small strings close together and
/// frees them cheaply: loading and reporting on 10,000 items takes about
/// 80 ms instead of 120 ms with the system allocator, and the cost grows
/// linearly with the file (`cargo bench --bench assessment`). It adds about
/// 0.3 ms to start-up. Transparent huge pages are off (`no_thp`): zeroing a
/// 2 MB page at every start costs more than it saves at these sizes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    gapwalk::cli::main()
}
