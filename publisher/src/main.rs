//! `defender-score-publisher`: see `--help` and publisher/README.md.

fn main() {
    std::process::exit(defender_score_publisher::run::main(
        std::env::args_os().skip(1),
    ));
}
