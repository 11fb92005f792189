//! The `cordon` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    cordon::cli::main()
}
