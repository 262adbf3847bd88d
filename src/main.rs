use clap::Parser;

fn main() {
    let cli = opsbook::cli::Cli::parse();
    std::process::exit(opsbook::cli::run(cli));
}
