//! `defender-score-publisher`: see `--help` and the README's "Publisher" section.

fn main() {
    std::process::exit(defender_score_publisher::run::main(
        std::env::args_os().skip(1),
    ));
}
