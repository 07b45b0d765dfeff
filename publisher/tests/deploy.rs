//! The files in `deploy/`: the systemd service and timer pass `systemd-analyze verify` (when
//! it is installed), the CronJob manifest parses with the expected fields, and the command
//! lines in both are ones the publisher accepts.

use defender_score_publisher::config::{Config, Schedule};
use serde_norway::Value;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

fn deploy(path: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(deploy(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The publisher's reading of a deployed command line, with the placeholders filled in.
fn accepted(args: &[String]) -> Config {
    let filled: Vec<OsString> = args
        .iter()
        .map(|a| {
            a.replace("${TENANT_ID}", "8f2c0c1e-6b5b-4c8e-9a55-7c2d5f0e7d11")
                .replace("$(TENANT_ID)", "8f2c0c1e-6b5b-4c8e-9a55-7c2d5f0e7d11")
                .replace("${CLIENT_ID}", "0b5f1d7e-2c44-4d6f-9a1e-5d3c2b1a0f99")
                .replace("$(CLIENT_ID)", "0b5f1d7e-2c44-4d6f-9a1e-5d3c2b1a0f99")
                .into()
        })
        .collect();
    Config::from_args(filled, |name| {
        (name == "DEFENDER_CLIENT_SECRET").then(|| "from-the-environment".to_owned())
    })
    .unwrap_or_else(|e| panic!("{args:?} is refused: {e:?}"))
}

/// `Key=value` lines of a unit file's section.
fn unit_values(text: &str, section: &str, key: &str) -> Vec<String> {
    let mut current = String::new();
    let mut values = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            current = line.trim_matches(['[', ']']).to_owned();
        } else if current == section {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == key {
                    values.push(v.trim().to_owned());
                }
            }
        }
    }
    values
}

#[test]
fn the_systemd_service_is_a_oneshot_with_the_secret_from_an_environment_file() {
    let service = read("systemd/defender-score-publisher.service");
    assert_eq!(unit_values(&service, "Service", "Type"), ["oneshot"]);
    assert_eq!(
        unit_values(&service, "Service", "EnvironmentFile"),
        ["/etc/defender-score-publisher/env"]
    );
    assert!(
        unit_values(&service, "Service", "Environment").is_empty(),
        "no secret in the unit itself"
    );
    let exec = unit_values(&service, "Service", "ExecStart");
    let args: Vec<String> = exec[0]
        .split_whitespace()
        .skip(1)
        .map(str::to_owned)
        .collect();
    let config = accepted(&args);
    assert_eq!(
        config.schedule,
        Schedule::Once(Some(Duration::from_secs(900)))
    );
    let timer = read("systemd/defender-score-publisher.timer");
    assert_eq!(unit_values(&timer, "Timer", "OnCalendar"), ["*:0/15"]);
    assert_eq!(
        unit_values(&timer, "Timer", "Unit"),
        ["defender-score-publisher.service"]
    );
    assert_eq!(
        unit_values(&timer, "Install", "WantedBy"),
        ["timers.target"]
    );
}

#[test]
fn the_systemd_units_pass_systemd_analyze_verify() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("systemd-analyze is not installed; the units were only parsed");
        return;
    }
    // verify checks that ExecStart's program exists: point it at the binary just built.
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = env!("CARGO_BIN_EXE_defender-score-publisher");
    for name in [
        "defender-score-publisher.service",
        "defender-score-publisher.timer",
    ] {
        let text = read(&format!("systemd/{name}"))
            .replace("/usr/local/bin/defender-score-publisher", binary);
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let output = Command::new("systemd-analyze")
        .arg("verify")
        .arg(dir.path().join("defender-score-publisher.service"))
        .arg(dir.path().join("defender-score-publisher.timer"))
        .output()
        .expect("systemd-analyze runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Unknown keys and other mistakes are only warnings: there must be none.
    let ours: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("defender-score-publisher"))
        .collect();
    assert!(ours.is_empty(), "{ours:?}");
}

#[test]
fn the_cronjob_runs_one_publisher_every_15_minutes_with_the_secret_from_a_secret() {
    let manifest: Value = serde_norway::from_str(&read("kubernetes/cronjob.yaml")).expect("YAML");
    assert_eq!(manifest["apiVersion"], "batch/v1");
    assert_eq!(manifest["kind"], "CronJob");
    let spec = &manifest["spec"];
    assert_eq!(spec["schedule"], "*/15 * * * *");
    assert_eq!(spec["concurrencyPolicy"], "Forbid");
    let pod = &spec["jobTemplate"]["spec"]["template"]["spec"];
    assert_eq!(pod["restartPolicy"], "Never");
    let container = &pod["containers"][0];
    let args: Vec<String> = container["args"]
        .as_sequence()
        .expect("args")
        .iter()
        .map(|a| a.as_str().expect("a string arg").to_owned())
        .collect();
    let config = accepted(&args);
    assert_eq!(
        config.schedule,
        Schedule::Once(Some(Duration::from_secs(900)))
    );
    let env = container["env"].as_sequence().expect("env");
    let secret = env
        .iter()
        .find(|e| e["name"] == "DEFENDER_CLIENT_SECRET")
        .expect("DEFENDER_CLIENT_SECRET is set");
    assert!(
        secret.get("value").is_none(),
        "the secret is never written in the manifest"
    );
    assert_eq!(
        secret["valueFrom"]["secretKeyRef"]["name"],
        "defender-score-publisher"
    );
    let mount = &container["volumeMounts"][0];
    assert_eq!(mount["mountPath"], "/snapshot");
    assert_eq!(pod["volumes"][0]["name"], mount["name"]);
    assert_eq!(
        container["securityContext"]["allowPrivilegeEscalation"],
        false
    );
}
