//! The `cordon` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    // `cordon lab` runs this same executable inside its namespaces to open connections.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("__lab-probe") {
        return match cordon::lab::probe_main(&args[1..]) {
            Ok(_) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                use std::io::Write;
                let _ = writeln!(std::io::stderr(), "{e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    // `cordon lab --hosts` reads each namespace's xfrm policies through this same executable.
    if args.first().map(String::as_str) == Some("__lab-xfrm") {
        use std::io::Write;
        return match cordon::platform::xfrm::read_kernel() {
            Ok(dump) if std::io::stdout().write_all(&dump).is_ok() => {
                std::process::ExitCode::SUCCESS
            }
            Ok(_) => std::process::ExitCode::FAILURE,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "{e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    cordon::cli::main()
}
