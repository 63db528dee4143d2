//! The offline half of the chain: what the environment and the files configure, read without
//! a network call. [`default_chain_from`] turns [`Sources`] into the candidates the chain
//! tries, in order.

use super::files::{read_optional, CLI_CONFIG, INI_GO, INI_PYTHON};
use super::{Credentials, CredentialsError, Sources};
use crate::secret::Secret;
use std::fmt;
use std::path::PathBuf;

/// STS refuses sessions shorter than this (WIRE.md §5).
pub const MIN_DURATION_SECONDS: u32 = 900;
/// The session length asked for when the configuration names none.
pub const DEFAULT_DURATION_SECONDS: u32 = 3600;

/// A source the chain found configured, and where it found it (a variable, a file and
/// profile: never a value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configured {
    pub origin: String,
    pub source: Source,
    /// Tried without being configured (the metadata service): when it gives nothing the
    /// chain goes on instead of stopping with its error.
    pub implicit: bool,
}

/// What a configured source yields credentials from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Credentials in hand: the environment, a CLI `AK` or `StsToken` profile, an INI
    /// `access_key` section.
    Static(Credentials),
    /// STS `AssumeRole`, signed with the credentials of `source`.
    RamRoleArn(RamRoleArn),
    /// STS `AssumeRoleWithOIDC` with the token in a file.
    Oidc(OidcRoleArn),
    /// The instance's RAM role from the ECS metadata service; `None`: ask the service.
    EcsRamRole { role_name: Option<String> },
    /// A URI answering with credentials JSON.
    Uri(CredentialsUri),
}

/// What `AssumeRole` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RamRoleArn {
    /// Signs the call: an AccessKey, or another role for `ChainableRamRoleArn`.
    pub source: Box<Source>,
    pub role_arn: String,
    pub session_name: Option<String>,
    pub policy: Option<String>,
    pub external_id: Option<String>,
    pub duration_seconds: u32,
    /// STS region (`sts.<region>.aliyuncs.com`); `None`: `ALIBABA_CLOUD_STS_REGION`, else
    /// the central endpoint.
    pub sts_region: Option<String>,
}

/// What `AssumeRoleWithOIDC` asks for. The token is read from `token_file` at each call, as
/// the file is rotated under a running process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcRoleArn {
    pub role_arn: String,
    pub provider_arn: String,
    pub token_file: PathBuf,
    pub session_name: Option<String>,
    pub policy: Option<String>,
    pub duration_seconds: u32,
    pub sts_region: Option<String>,
}

/// `ALIBABA_CLOUD_CREDENTIALS_URI`. It may carry a token in its query, so `Debug` and every
/// message show it without the query ([`CredentialsUri::display`]).
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialsUri(Secret);

impl CredentialsUri {
    pub fn new(uri: impl Into<String>) -> Self {
        CredentialsUri(Secret::new(uri.into()))
    }

    /// The whole URI, to send the request.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// Scheme, host and path: what messages show.
    pub fn display(&self) -> String {
        let uri = self.0.expose();
        let end = uri.find(['?', '#']).unwrap_or(uri.len());
        let shown = &uri[..end];
        // user:password@host
        match (shown.find("://"), shown.rfind('@')) {
            (Some(s), Some(at)) if at > s => format!("{}***{}", &shown[..s + 3], &shown[at..]),
            _ => shown.to_string(),
        }
    }
}

impl fmt::Debug for CredentialsUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CredentialsUri({})", self.display())
    }
}

/// Checks a configured session length against STS's minimum; `None` or 0 is the default.
pub(crate) fn duration(origin: &str, seconds: Option<i64>) -> Result<u32, CredentialsError> {
    match seconds {
        None | Some(0) => Ok(DEFAULT_DURATION_SECONDS),
        Some(s) if s < i64::from(MIN_DURATION_SECONDS) || s > i64::from(u32::MAX) => {
            Err(CredentialsError::Invalid {
                origin: origin.to_string(),
                message: format!(
                    "a role session lasts at least {MIN_DURATION_SECONDS} seconds, not {s}"
                ),
            })
        }
        Some(s) => Ok(s as u32),
    }
}

/// The candidates of the default chain over `src`, in the order the chain tries them. A
/// source configured in the environment or a file comes alone: it is the one the user
/// chose, and an error of it stops the chain. Without one, the candidates are the ECS
/// metadata service (unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`) and then the
/// credentials URI (when `ALIBABA_CLOUD_CREDENTIALS_URI` is set); none at all means nothing
/// is configured.
pub fn default_chain_from(src: &Sources) -> Result<Vec<Configured>, CredentialsError> {
    if let Some(c) = from_env(src)? {
        return Ok(vec![Configured {
            origin: "the environment (ALIBABA_CLOUD_ACCESS_KEY_ID)".into(),
            source: Source::Static(c),
            implicit: false,
        }]);
    }
    if let Some(oidc) = oidc_from_env(src)? {
        return Ok(vec![Configured {
            origin: "the environment (ALIBABA_CLOUD_ROLE_ARN)".into(),
            source: Source::Oidc(oidc),
            implicit: false,
        }]);
    }
    if !src.flag("ALIBABA_CLOUD_CLI_PROFILE_DISABLED") {
        if let Some(path) = src.home.as_ref().map(|h| h.join(CLI_CONFIG)) {
            if let Some(text) = read_optional(&path)? {
                let profile = src.var("ALIBABA_CLOUD_PROFILE");
                if let Some(c) = super::from_cli_config(&text, &path, profile.as_deref())? {
                    return Ok(vec![c]);
                }
            }
        }
    }
    let ini_paths: Vec<PathBuf> = match src.var("ALIBABA_CLOUD_CREDENTIALS_FILE") {
        Some(p) => vec![PathBuf::from(p)],
        None => src
            .home
            .iter()
            .flat_map(|h| [h.join(INI_GO), h.join(INI_PYTHON)])
            .collect(),
    };
    let section = src
        .var("ALIBABA_CLOUD_PROFILE")
        .unwrap_or_else(|| "default".into());
    for path in ini_paths {
        if let Some(text) = read_optional(&path)? {
            if let Some(c) = super::from_ini(&text, &path, &section)? {
                return Ok(vec![c]);
            }
        }
    }
    let mut rest = Vec::new();
    if !src.flag("ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
        rest.push(Configured {
            origin: "the ECS metadata service".into(),
            source: Source::EcsRamRole {
                role_name: src.var("ALIBABA_CLOUD_ECS_METADATA"),
            },
            implicit: true,
        });
    }
    if let Some(uri) = src.var("ALIBABA_CLOUD_CREDENTIALS_URI") {
        rest.push(Configured {
            origin: "ALIBABA_CLOUD_CREDENTIALS_URI".into(),
            source: Source::Uri(CredentialsUri::new(uri.trim())),
            implicit: false,
        });
    }
    Ok(rest)
}

/// Provider 1: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`.
pub fn from_env(src: &Sources) -> Result<Option<Credentials>, CredentialsError> {
    const ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    const SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    match (src.var(ID), src.var(SECRET)) {
        (Some(id), Some(secret)) => {
            let mut c = Credentials::new(id, secret);
            c.security_token = src.var("ALIBABA_CLOUD_SECURITY_TOKEN").map(Secret::from);
            Ok(Some(c))
        }
        (Some(_), None) => Err(CredentialsError::IncompleteEnvironment {
            set: ID,
            missing: SECRET,
        }),
        (None, Some(_)) => Err(CredentialsError::IncompleteEnvironment {
            set: SECRET,
            missing: ID,
        }),
        (None, None) => Ok(None),
    }
}

/// Provider 2: the three OIDC variables, all or none.
fn oidc_from_env(src: &Sources) -> Result<Option<OidcRoleArn>, CredentialsError> {
    const VARS: [&str; 3] = [
        "ALIBABA_CLOUD_ROLE_ARN",
        "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
        "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    ];
    let [role, provider, file] = VARS.map(|k| src.var(k));
    match (role, provider, file) {
        (Some(role_arn), Some(provider_arn), Some(file)) => Ok(Some(OidcRoleArn {
            role_arn,
            provider_arn,
            token_file: PathBuf::from(file),
            session_name: src.var("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
            policy: None,
            duration_seconds: DEFAULT_DURATION_SECONDS,
            sts_region: None,
        })),
        (None, None, None) => Ok(None),
        (r, p, f) => {
            let present = [r.is_some(), p.is_some(), f.is_some()];
            let set = VARS[present.iter().position(|&b| b).unwrap_or(0)];
            let missing = VARS[present.iter().position(|&b| !b).unwrap_or(0)];
            Err(CredentialsError::IncompleteEnvironment { set, missing })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(
        vars: &[(&str, &str)],
        home: Option<PathBuf>,
    ) -> Result<Vec<Configured>, CredentialsError> {
        default_chain_from(&Sources::from_vars(vars.iter().copied(), home))
    }

    /// The one source the user configured.
    fn chosen(vars: &[(&str, &str)], home: Option<PathBuf>) -> Result<Source, CredentialsError> {
        let mut all = chain(vars, home)?;
        assert_eq!(all.len(), 1, "{all:?}");
        let c = all.remove(0);
        assert!(!c.implicit, "{c:?}");
        Ok(c.source)
    }

    fn static_creds(s: Source) -> Credentials {
        match s {
            Source::Static(c) => c,
            other => panic!("not static credentials: {other:?}"),
        }
    }

    pub(crate) fn home(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ecs-client-creds-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (p, text) in files {
            let p = dir.join(p);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        dir
    }

    #[test]
    fn environment_first_and_secrets_never_print() {
        let c = static_creds(
            chosen(
                &[
                    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIid"),
                    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "topsecret"),
                    ("ALIBABA_CLOUD_SECURITY_TOKEN", "sts-token-value"),
                    ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/ignored"),
                ],
                None,
            )
            .expect("credentials"),
        );
        assert_eq!(c.access_key_id, "LTAIid");
        assert_eq!(c.access_key_secret.expose(), "topsecret");
        let shown = format!("{c:?}");
        assert!(shown.contains("LTAIid"));
        assert!(!shown.contains("topsecret"), "{shown}");
        assert!(!shown.contains("sts-token-value"), "{shown}");
        assert_eq!(
            c.security_token.as_ref().map(Secret::expose),
            Some("sts-token-value")
        );
    }

    #[test]
    fn half_an_environment_pair_or_triple_is_an_error() {
        let e = chain(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")], None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
        );
        let e = chain(
            &[
                ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r"),
                ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/run/token"),
            ],
            None,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "ALIBABA_CLOUD_ROLE_ARN is set but ALIBABA_CLOUD_OIDC_PROVIDER_ARN is not"
        );
    }

    #[test]
    fn oidc_from_the_environment_before_the_files() {
        let h = home(
            "oidc-env",
            &[(
                ".alibabacloud/credentials",
                "[default]\naccess_key_id = a\naccess_key_secret = b\n",
            )],
        );
        let s = chosen(
            &[
                ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r"),
                (
                    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                    "acs:ram::1:oidc-provider/p",
                ),
                ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/run/token"),
                ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "sess"),
            ],
            Some(h),
        )
        .unwrap();
        assert_eq!(
            s,
            Source::Oidc(OidcRoleArn {
                role_arn: "acs:ram::1:role/r".into(),
                provider_arn: "acs:ram::1:oidc-provider/p".into(),
                token_file: "/var/run/token".into(),
                session_name: Some("sess".into()),
                policy: None,
                duration_seconds: 3600,
                sts_region: None,
            })
        );
    }

    #[test]
    fn cli_profile_current_or_named() {
        let cfg = r#"{"current":"AK","profiles":[
            {"name":"AK","mode":"AK","access_key_id":"id1","access_key_secret":"s1"},
            {"name":"sts","mode":"StsToken","access_key_id":"id2","access_key_secret":"s2","sts_token":"t2"},
            {"name":"role","mode":"RamRoleArn","access_key_id":"id3","access_key_secret":"s3",
             "ram_role_arn":"acs:ram::1:role/r","ram_session_name":"cli","expired_seconds":900,"sts_region":"cn-hangzhou"},
            {"name":"chained","mode":"ChainableRamRoleArn","source_profile":"role","ram_role_arn":"acs:ram::1:role/second"},
            {"name":"loop1","mode":"ChainableRamRoleArn","source_profile":"loop2","ram_role_arn":"x"},
            {"name":"loop2","mode":"ChainableRamRoleArn","source_profile":"loop1","ram_role_arn":"x"},
            {"name":"ecs","mode":"EcsRamRole","ram_role_name":"EcsRole"},
            {"name":"short","mode":"RamRoleArn","access_key_id":"id","access_key_secret":"s","ram_role_arn":"r","expired_seconds":60},
            {"name":"norole","mode":"RamRoleArn","access_key_id":"id","access_key_secret":"s"},
            {"name":"sso","mode":"CloudSSO"}]}"#;
        let h = home("cli", &[(".aliyun/config.json", cfg)]);
        let h = || Some(h.clone());
        let profile = |p| [("ALIBABA_CLOUD_PROFILE", p)];
        assert_eq!(static_creds(chosen(&[], h()).unwrap()).access_key_id, "id1");
        let c = static_creds(chosen(&profile("sts"), h()).unwrap());
        assert_eq!(c.security_token.as_ref().map(Secret::expose), Some("t2"));
        let role = RamRoleArn {
            source: Box::new(Source::Static(Credentials::new("id3", "s3"))),
            role_arn: "acs:ram::1:role/r".into(),
            session_name: Some("cli".into()),
            policy: None,
            external_id: None,
            duration_seconds: 900,
            sts_region: Some("cn-hangzhou".into()),
        };
        assert_eq!(
            chosen(&profile("role"), h()).unwrap(),
            Source::RamRoleArn(role.clone())
        );
        match chosen(&profile("chained"), h()).unwrap() {
            Source::RamRoleArn(r) => {
                assert_eq!(r.role_arn, "acs:ram::1:role/second");
                assert_eq!(*r.source, Source::RamRoleArn(role));
                assert_eq!(r.duration_seconds, 3600);
            }
            other => panic!("{other:?}"),
        }
        let e = chain(&profile("loop1"), h()).unwrap_err();
        assert!(e.to_string().contains("loop1 -> loop2"), "{e}");
        assert_eq!(
            chosen(&profile("ecs"), h()).unwrap(),
            Source::EcsRamRole {
                role_name: Some("EcsRole".into())
            }
        );
        let e = chain(&profile("short"), h()).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("profile `short`: a role session lasts at least 900 seconds, not 60"),
            "{e}"
        );
        let e = chain(&profile("norole"), h()).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("profile `norole` has no `ram_role_arn`"),
            "{e}"
        );
        let e = chain(&profile("sso"), h()).unwrap_err();
        assert!(
            e.to_string().contains("mode `CloudSSO` is not supported"),
            "{e}"
        );
        let e = chain(&profile("nope"), h()).unwrap_err();
        assert!(
            e.to_string().ends_with("config.json: no profile `nope`"),
            "{e}"
        );
        // Disabled: the chain goes on to the INI file, there is none, and what is left is the
        // metadata service.
        let all = chain(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")], h()).unwrap();
        assert_eq!(all.len(), 1);
        assert!(all[0].implicit);
    }

    #[test]
    fn ini_file_sections_of_every_type() {
        let ini = "[default]\ntype = access_key\naccess_key_id = foo\naccess_key_secret = bar\n\n\
            [client1]\ntype = ecs_ram_role\nrole_name = EcsRamRoleTest\n\n\
            [client2]\ntype = ram_role_arn\naccess_key_id = foo\naccess_key_secret = bar\nrole_arn = acs:ram::1:role/r\nrole_session_name = s\npolicy = {}\n\n\
            [client3]\ntype = oidc_role_arn\nrole_arn = acs:ram::1:role/o\noidc_provider_arn = acs:ram::1:oidc-provider/p\noidc_token_file_path = /t\n\n\
            [client4]\ntype = rsa_key_pair\n";
        let h = home("ini", &[(".alibabacloud/credentials", ini)]);
        let h = || Some(h.clone());
        let section = |p| [("ALIBABA_CLOUD_PROFILE", p)];
        let c = static_creds(chosen(&[], h()).expect("default section"));
        assert_eq!(
            (c.access_key_id.as_str(), c.access_key_secret.expose()),
            ("foo", "bar")
        );
        assert_eq!(
            chosen(&section("client1"), h()).unwrap(),
            Source::EcsRamRole {
                role_name: Some("EcsRamRoleTest".into())
            }
        );
        match chosen(&section("client2"), h()).unwrap() {
            Source::RamRoleArn(r) => {
                assert_eq!(*r.source, Source::Static(Credentials::new("foo", "bar")));
                assert_eq!(
                    (
                        r.role_arn.as_str(),
                        r.session_name.as_deref(),
                        r.policy.as_deref()
                    ),
                    ("acs:ram::1:role/r", Some("s"), Some("{}"))
                );
            }
            other => panic!("{other:?}"),
        }
        match chosen(&section("client3"), h()).unwrap() {
            Source::Oidc(o) => {
                assert_eq!(o.token_file, PathBuf::from("/t"));
                assert_eq!(o.provider_arn, "acs:ram::1:oidc-provider/p");
            }
            other => panic!("{other:?}"),
        }
        let e = chain(&section("client4"), h()).unwrap_err();
        assert!(
            e.to_string()
                .contains("type `rsa_key_pair` is not supported"),
            "{e}"
        );
    }

    #[test]
    fn a_broken_file_is_named_and_a_missing_field_too() {
        let h = home("broken", &[(".aliyun/config.json", "{not json")]);
        let e = chain(&[], Some(h)).unwrap_err();
        assert!(matches!(e, CredentialsError::BadFile { .. }), "{e}");
        let h = home(
            "field",
            &[(
                ".alibabacloud/credentials.ini",
                "[default]\naccess_key_id = x\n",
            )],
        );
        let e = chain(&[], Some(h)).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("profile `default` has no `access_key_secret`"),
            "{e}"
        );
    }

    #[test]
    fn without_configuration_the_metadata_service_then_the_uri() {
        let all = chain(&[], None).unwrap();
        assert_eq!(all.len(), 1);
        assert!(all[0].implicit);
        assert_eq!(all[0].source, Source::EcsRamRole { role_name: None });
        let all = chain(
            &[
                ("ALIBABA_CLOUD_ECS_METADATA", "role"),
                (
                    "ALIBABA_CLOUD_CREDENTIALS_URI",
                    "http://user:pw@localhost:8080/creds?token=abc",
                ),
            ],
            None,
        )
        .unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0].source,
            Source::EcsRamRole {
                role_name: Some("role".into())
            }
        );
        assert!(!all[1].implicit);
        let shown = format!("{all:?}");
        assert!(shown.contains("http://***@localhost:8080/creds"), "{shown}");
        assert!(!shown.contains("abc") && !shown.contains("pw"), "{shown}");
        let all = chain(&[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")], None).unwrap();
        assert!(all.is_empty());
        assert!(CredentialsError::NotFound { metadata: None }
            .to_string()
            .contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
    }
}
