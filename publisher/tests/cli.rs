//! The command line as the binary sees it: mistakes exit 2 with one line naming the flag.

mod common;

use common::*;

/// Arguments, environment, and the flag the error must name.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[test]
fn configuration_errors_exit_2_with_one_line_naming_the_flag() {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().to_str().expect("utf-8");
    let file = out.path().join("a-file");
    std::fs::write(&file, "x").expect("a file");
    let file = file.to_str().expect("utf-8");
    let cases: &[Case] = &[
        (&["--access-token-env", "T"], &[("T", "t")], "--out"),
        (&["--out", dir], &[], "--client-id"),
        (
            &["--out", dir, "--tenant-id", "t", "--client-id", "c"],
            &[],
            "DEFENDER_CLIENT_SECRET",
        ),
        (
            &["--out", dir, "--client-id", "c"],
            &[("DEFENDER_CLIENT_SECRET", "s")],
            "--tenant-id",
        ),
        (
            &["--out", dir, "--every", "10s", "--access-token-env", "T"],
            &[("T", "t")],
            "--every",
        ),
        (
            &[
                "--out",
                dir,
                "--every",
                "15m",
                "--scheduled-every",
                "15m",
                "--access-token-env",
                "T",
            ],
            &[("T", "t")],
            "--scheduled-every",
        ),
        (
            &["--out", dir, "--cloud", "azure", "--access-token-env", "T"],
            &[("T", "t")],
            "--cloud",
        ),
        (
            &[
                "--out",
                dir,
                "--cloud",
                "dod",
                "--region",
                "eu",
                "--access-token-env",
                "T",
            ],
            &[("T", "t")],
            "--region",
        ),
        (
            &[
                "--out",
                dir,
                "--cards",
                "exposure,exposure",
                "--access-token-env",
                "T",
            ],
            &[("T", "t")],
            "--cards",
        ),
        (
            &[
                "--out",
                dir,
                "--api-base",
                "http://api.example",
                "--access-token-env",
                "T",
            ],
            &[("T", "t")],
            "--api-base",
        ),
        (
            &[
                "--out",
                dir,
                "--tenant-id",
                "t",
                "--client-id",
                "c",
                "--authority",
                "not a url",
            ],
            &[("DEFENDER_CLIENT_SECRET", "s")],
            "--authority",
        ),
        (
            &["--out", dir, "--access-token-env", "UNSET_VARIABLE_X"],
            &[],
            "--access-token-env",
        ),
        (
            &["--out", file, "--access-token-env", "T"],
            &[("T", "t")],
            "--out",
        ),
        (
            &[
                "--out",
                dir,
                "--tenant-id",
                "t",
                "--client-id",
                "c",
                "--certificate",
                file,
            ],
            &[],
            "--certificate",
        ),
        (&["--out", dir, "--no-such-flag"], &[], "--no-such-flag"),
    ];
    for (args, env, flag) in cases {
        let output = run(args, env);
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag),
            "{args:?}: {stderr} does not name {flag}"
        );
        assert!(!stderr.contains("s3cret"), "{stderr}");
    }
}

#[test]
fn help_lists_every_flag_and_exits_0() {
    let output = run(&["--help"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let (stdout, _) = text(&output);
    for flag in [
        "--out",
        "--every",
        "--scheduled-every",
        "--cloud",
        "--region",
        "--api-base",
        "--authority",
        "--cards",
        "--tenant-id",
        "--client-id",
        "--certificate",
        "--managed-identity",
        "--access-token-env",
        "DEFENDER_CLIENT_SECRET",
    ] {
        assert!(stdout.contains(flag), "--help does not mention {flag}");
    }
}

#[test]
fn a_folder_that_cannot_be_made_exits_1_and_never_shows_the_secret() {
    let secret = "env-secret-7Hq~p0.ZZZZZZ";
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("a-file");
    std::fs::write(&file, "x").expect("a file");
    let below = file.join("snapshot");
    let output = run(
        &[
            "--out",
            below.to_str().expect("utf-8"),
            "--tenant-id",
            "t",
            "--client-id",
            "c",
        ],
        &[("DEFENDER_CLIENT_SECRET", secret)],
    );
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot use"), "{stderr}");
    assert!(!stdout.contains(secret) && !stderr.contains(secret));
}
