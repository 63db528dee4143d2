//! The binary: prints `listening on http://127.0.0.1:PORT`, serves, refuses other addresses.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_endpoint_and_serves_it() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
            .args(["--listen", "127.0.0.1:0", "--specs"])
            .arg(specs())
            .args(["--access-key-id", ID, "--access-key-secret", SECRET])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts"),
    );
    let stdout = child.0.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let line = tokio::time::timeout(std::time::Duration::from_secs(30), line)
        .await
        .expect("prints within 30 s")
        .unwrap()
        .unwrap();
    let endpoint = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    // One signed call, V1 as the SDK sends it.
    let params = V1::new(seed_params()).signed();
    let r = client()
        .post(format!("{endpoint}/?{}", query_string(&params)))
        .send()
        .await
        .expect("answers");
    let (status, v) = json(r).await;
    assert_eq!(status, 200, "{v}");
    assert_policy_id(&v);
    // The control API scripts a fault for the next call.
    let r = client()
        .post(format!("{endpoint}/__emulator/faults"))
        .body(r#"{"push":[{"kind":"internal_error"}]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let params = V1::new(seed_params()).signed();
    let r = client()
        .post(format!("{endpoint}/?{}", query_string(&params)))
        .send()
        .await
        .unwrap();
    assert_eq!(code(r).await, (500, "InternalError".into()));
    let _ = child.0.kill();
    let _ = child.0.wait();
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.0.stderr.take().expect("stderr"), &mut log)
        .expect("stderr reads");
    assert!(log.contains("serving 3 actions"), "{log}");
    assert!(
        log.contains("3 actions keep state in 1 resource families"),
        "{log}"
    );
    assert!(!log.contains(SECRET), "the secret is never logged: {log}");
}

#[test]
fn other_addresses_and_missing_arguments_are_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
        .args(["--listen", "0.0.0.0:0", "--specs"])
        .arg(specs())
        .args(["--access-key-id", ID, "--access-key-secret", SECRET])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("loopback addresses only, not 0.0.0.0:0"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let out = Command::new(env!("CARGO_BIN_EXE_ecs-emulator"))
        .args(["--specs", "specs"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--access-key-id is required"));
}
