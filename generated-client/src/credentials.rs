//! Credentials: an AccessKey pair, with an STS token when it is temporary, and the providers
//! of the official default chain that need no network call (WIRE.md §5), in its order:
//!
//! 1. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
//!    optional `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! 2. the aliyun CLI's `~/.aliyun/config.json` (profile `ALIBABA_CLOUD_PROFILE`, else the
//!    file's `current`), modes `AK` and `StsToken`; skipped when
//!    `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`;
//! 3. the INI file `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials` (the
//!    Go SDK's name) or `~/.alibabacloud/credentials.ini` (the Python SDK's), section
//!    `ALIBABA_CLOUD_PROFILE` else `default`, `type = access_key`.
//!
//! The chain's other providers (OIDC, RAM roles through STS, the ECS instance metadata
//! service, a credentials URI) need an HTTP call. When one of them is configured, the chain
//! says so with [`CredentialsError::NeedsNetwork`] instead of skipping it silently.

use crate::secret::Secret;
use std::path::{Path, PathBuf};

/// What signs a request. `Debug` shows the AccessKey ID only; the secret and the token print
/// as `***`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    /// Sent as `SecurityToken` (V1) or `x-acs-security-token` (V3) with STS credentials.
    pub security_token: Option<Secret>,
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }
}

/// Why no credentials came out of a provider. Messages name the file and profile, never a
/// secret.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CredentialsError {
    #[error("{set} is set but {missing} is not")]
    IncompleteEnvironment {
        set: &'static str,
        missing: &'static str,
    },
    #[error("{}: {message}", path.display())]
    BadFile { path: PathBuf, message: String },
    #[error("{}: no profile `{profile}`", path.display())]
    NoProfile { path: PathBuf, profile: String },
    #[error("{}: profile `{profile}` has no `{field}`", path.display())]
    MissingField {
        path: PathBuf,
        profile: String,
        field: &'static str,
    },
    #[error("{source_name} asks for `{kind}` credentials, which need an HTTP call (STS or the instance metadata service); this client does not fetch them yet")]
    NeedsNetwork { source_name: String, kind: String },
    #[error("no credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure a profile in ~/.aliyun/config.json or ~/.alibabacloud/credentials")]
    NotFound,
}

/// Where the chain looks: environment variables and the home folder. [`Sources::system`] is
/// the process's own; tests pass their own.
pub struct Sources<'a> {
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
}

impl Sources<'_> {
    /// The process environment and `$HOME`.
    pub fn system() -> Sources<'static> {
        Sources {
            env: &|k| std::env::var(k).ok(),
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }

    fn var(&self, k: &str) -> Option<String> {
        (self.env)(k).filter(|v| !v.trim().is_empty())
    }

    fn flag(&self, k: &str) -> bool {
        self.var(k).is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

/// The default chain over the process environment and home folder.
pub fn default_chain() -> Result<Credentials, CredentialsError> {
    default_chain_from(&Sources::system())
}

/// The default chain over `src`: the first provider that finds credentials wins; a provider
/// that finds something broken stops the chain with its error.
pub fn default_chain_from(src: &Sources<'_>) -> Result<Credentials, CredentialsError> {
    if let Some(c) = from_env(src)? {
        return Ok(c);
    }
    if [
        "ALIBABA_CLOUD_ROLE_ARN",
        "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
        "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    ]
    .iter()
    .all(|k| src.var(k).is_some())
    {
        return Err(needs_network("the environment", "OIDC"));
    }
    if !src.flag("ALIBABA_CLOUD_CLI_PROFILE_DISABLED") {
        if let Some(path) = src.home.as_ref().map(|h| h.join(".aliyun/config.json")) {
            if let Some(text) = read_optional(&path)? {
                let profile = src.var("ALIBABA_CLOUD_PROFILE");
                if let Some(c) = from_cli_config(&text, &path, profile.as_deref())? {
                    return Ok(c);
                }
            }
        }
    }
    let ini_paths: Vec<PathBuf> = match src.var("ALIBABA_CLOUD_CREDENTIALS_FILE") {
        Some(p) => vec![PathBuf::from(p)],
        None => src
            .home
            .iter()
            .flat_map(|h| {
                [
                    h.join(".alibabacloud/credentials"),
                    h.join(".alibabacloud/credentials.ini"),
                ]
            })
            .collect(),
    };
    for path in ini_paths {
        if let Some(text) = read_optional(&path)? {
            let section = src
                .var("ALIBABA_CLOUD_PROFILE")
                .unwrap_or_else(|| "default".into());
            if let Some(c) = from_ini(&text, &path, &section)? {
                return Ok(c);
            }
        }
    }
    if src.var("ALIBABA_CLOUD_ECS_METADATA").is_some() {
        return Err(needs_network("ALIBABA_CLOUD_ECS_METADATA", "EcsRamRole"));
    }
    if src.var("ALIBABA_CLOUD_CREDENTIALS_URI").is_some() {
        return Err(needs_network("ALIBABA_CLOUD_CREDENTIALS_URI", "URI"));
    }
    Err(CredentialsError::NotFound)
}

fn needs_network(source: &str, kind: &str) -> CredentialsError {
    CredentialsError::NeedsNetwork {
        source_name: source.to_string(),
        kind: kind.to_string(),
    }
}

/// The file's text, or `None` when it does not exist.
fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CredentialsError::BadFile {
            path: path.to_path_buf(),
            message: e.to_string(),
        }),
    }
}

/// Provider 1: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`.
pub fn from_env(src: &Sources<'_>) -> Result<Option<Credentials>, CredentialsError> {
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

/// Provider 2: a profile of the aliyun CLI's `config.json` (`profile`, else `current`).
pub fn from_cli_config(
    text: &str,
    path: &Path,
    profile: Option<&str>,
) -> Result<Option<Credentials>, CredentialsError> {
    #[derive(serde::Deserialize)]
    struct Config {
        #[serde(default)]
        current: Option<String>,
        #[serde(default)]
        profiles: Vec<Profile>,
    }
    #[derive(serde::Deserialize)]
    struct Profile {
        name: String,
        #[serde(default)]
        mode: String,
        #[serde(default)]
        access_key_id: String,
        #[serde(default)]
        access_key_secret: String,
        #[serde(default)]
        sts_token: String,
    }
    let cfg: Config = serde_json::from_str(text).map_err(|e| CredentialsError::BadFile {
        path: path.to_path_buf(),
        message: format!("not the aliyun CLI's JSON: {e}"),
    })?;
    let Some(name) = profile.map(str::to_string).or(cfg.current) else {
        return Ok(None);
    };
    let p = cfg
        .profiles
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| CredentialsError::NoProfile {
            path: path.to_path_buf(),
            profile: name.clone(),
        })?;
    let need = |value: String, field: &'static str| {
        if value.trim().is_empty() {
            Err(CredentialsError::MissingField {
                path: path.to_path_buf(),
                profile: name.clone(),
                field,
            })
        } else {
            Ok(value)
        }
    };
    match p.mode.as_str() {
        "AK" | "" => Ok(Some(Credentials::new(
            need(p.access_key_id, "access_key_id")?,
            need(p.access_key_secret, "access_key_secret")?,
        ))),
        "StsToken" => Ok(Some(
            Credentials::new(
                need(p.access_key_id, "access_key_id")?,
                need(p.access_key_secret, "access_key_secret")?,
            )
            .with_security_token(need(p.sts_token, "sts_token")?),
        )),
        other => Err(needs_network(
            &format!("{} profile `{name}`", path.display()),
            other,
        )),
    }
}

/// Provider 3: a section of the credentials INI file.
pub fn from_ini(
    text: &str,
    path: &Path,
    section: &str,
) -> Result<Option<Credentials>, CredentialsError> {
    let ini = ini::Ini::load_from_str(text).map_err(|e| CredentialsError::BadFile {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let Some(s) = ini.section(Some(section)) else {
        return Ok(None);
    };
    let field = |key: &'static str| {
        s.get(key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .ok_or_else(|| CredentialsError::MissingField {
                path: path.to_path_buf(),
                profile: section.to_string(),
                field: key,
            })
    };
    match s.get("type").map(str::trim).unwrap_or("access_key") {
        "access_key" => Ok(Some(Credentials::new(
            field("access_key_id")?,
            field("access_key_secret")?,
        ))),
        other => Err(needs_network(
            &format!("{} section `{section}`", path.display()),
            other,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with_env<T>(
        vars: &[(&str, &str)],
        home: Option<PathBuf>,
        f: impl FnOnce(&Sources) -> T,
    ) -> T {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let env = move |k: &str| map.get(k).cloned();
        f(&Sources { env: &env, home })
    }

    fn home(name: &str, files: &[(&str, &str)]) -> PathBuf {
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
        let c = with_env(
            &[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIid"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "topsecret"),
                ("ALIBABA_CLOUD_SECURITY_TOKEN", "sts-token-value"),
            ],
            None,
            default_chain_from,
        )
        .expect("credentials");
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
    fn half_an_environment_pair_is_an_error() {
        let e = with_env(
            &[("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")],
            None,
            default_chain_from,
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
        );
    }

    #[test]
    fn cli_profile_current_or_named() {
        let cfg = r#"{"current":"AK","profiles":[
            {"name":"AK","mode":"AK","access_key_id":"id1","access_key_secret":"s1"},
            {"name":"sts","mode":"StsToken","access_key_id":"id2","access_key_secret":"s2","sts_token":"t2"},
            {"name":"role","mode":"RamRoleArn","access_key_id":"id3","access_key_secret":"s3"}]}"#;
        let h = home("cli", &[(".aliyun/config.json", cfg)]);
        let c = with_env(&[], Some(h.clone()), default_chain_from).expect("current profile");
        assert_eq!(c.access_key_id, "id1");
        let c = with_env(
            &[("ALIBABA_CLOUD_PROFILE", "sts")],
            Some(h.clone()),
            default_chain_from,
        )
        .expect("named profile");
        assert_eq!(c.security_token.as_ref().map(Secret::expose), Some("t2"));
        let e = with_env(
            &[("ALIBABA_CLOUD_PROFILE", "role")],
            Some(h.clone()),
            default_chain_from,
        )
        .unwrap_err();
        assert!(
            matches!(e, CredentialsError::NeedsNetwork { ref kind, .. } if kind == "RamRoleArn")
        );
        let e = with_env(
            &[("ALIBABA_CLOUD_PROFILE", "nope")],
            Some(h.clone()),
            default_chain_from,
        )
        .unwrap_err();
        assert!(
            e.to_string().ends_with("config.json: no profile `nope`"),
            "{e}"
        );
        // Disabled: the chain goes on to the INI file, and there is none.
        let e = with_env(
            &[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")],
            Some(h),
            default_chain_from,
        )
        .unwrap_err();
        assert_eq!(e, CredentialsError::NotFound);
    }

    #[test]
    fn ini_file_default_section() {
        let ini = "[default]\ntype = access_key\naccess_key_id = foo\naccess_key_secret = bar\n\n[client1]\ntype = ecs_ram_role\nrole_name = EcsRamRoleTest\n";
        let h = home("ini", &[(".alibabacloud/credentials", ini)]);
        let c = with_env(&[], Some(h.clone()), default_chain_from).expect("default section");
        assert_eq!(
            (c.access_key_id.as_str(), c.access_key_secret.expose()),
            ("foo", "bar")
        );
        let e = with_env(
            &[("ALIBABA_CLOUD_PROFILE", "client1")],
            Some(h),
            default_chain_from,
        )
        .unwrap_err();
        assert!(
            matches!(e, CredentialsError::NeedsNetwork { ref kind, .. } if kind == "ecs_ram_role")
        );
    }

    #[test]
    fn a_broken_file_is_named_and_a_missing_field_too() {
        let h = home("broken", &[(".aliyun/config.json", "{not json")]);
        let e = with_env(&[], Some(h), default_chain_from).unwrap_err();
        assert!(matches!(e, CredentialsError::BadFile { .. }), "{e}");
        let h = home(
            "field",
            &[(
                ".alibabacloud/credentials.ini",
                "[default]\naccess_key_id = x\n",
            )],
        );
        let e = with_env(&[], Some(h), default_chain_from).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("profile `default` has no `access_key_secret`"),
            "{e}"
        );
    }

    #[test]
    fn nothing_configured_says_what_to_set() {
        let e = with_env(&[], None, default_chain_from).unwrap_err();
        assert!(e.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
        let e = with_env(
            &[("ALIBABA_CLOUD_ECS_METADATA", "role")],
            None,
            default_chain_from,
        )
        .unwrap_err();
        assert!(matches!(e, CredentialsError::NeedsNetwork { .. }));
    }
}
