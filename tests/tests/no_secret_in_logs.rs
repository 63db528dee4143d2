//! Every span and event of successful and failed calls, at trace level, over both
//! signatures and STS credentials: none holds the secret, the token or a signature. Its own
//! test binary, with the subscriber installed before any call site registers (tracing caches
//! a call site's interest process-wide, so a test running beside it could hide its spans).

use ecs_client::{Client, Config, Credentials, RetryPolicy, SignatureVersion};
use ecs_emulator::{Emulator, Fault};
use std::path::Path;
use std::time::Duration;

#[test]
fn no_secret_reaches_the_logs() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let emu = Emulator::builder()
            .specs_dir(root.join("../specs"))
            .sts_key("STS.log-key", "log-secret-Wm4", "log-token-Yx7")
            .start()
            .await
            .unwrap();
        for sig in [SignatureVersion::V1, SignatureVersion::V3] {
            for secret in ["log-secret-Wm4", "wrong-secret-Bb2"] {
                let c = Client::new(
                    Config::builder()
                        .endpoint(emu.endpoint())
                        .credentials(
                            Credentials::new("STS.log-key", secret)
                                .with_security_token("log-token-Yx7"),
                        )
                        .signature_version(sig)
                        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
                        .build()
                        .unwrap(),
                );
                emu.faults().push(Fault::Throttle {
                    retry_after_ms: None,
                });
                let _ = c
                    .create_auto_snapshot_policy()
                    .region_id("cn-hangzhou")
                    .time_points([3])
                    .repeat_weekdays([3])
                    .retention_days(3)
                    .send()
                    .await;
            }
        }
    });
    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("ecs_call"),
        "the call span is logged:\n{logs}"
    );
    assert!(logs.contains("request_id"), "{logs}");
    for secret in [
        "log-secret-Wm4",
        "wrong-secret-Bb2",
        "log-token-Yx7",
        "Signature=",
    ] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
    }
}
