//! The two credentials files: the aliyun CLI's `~/.aliyun/config.json` and the SDKs' INI
//! file. Each reader turns one profile into a [`Configured`] source, without a network call.

use super::resolve::{duration, Configured, OidcRoleArn, RamRoleArn, Source};
use super::{Credentials, CredentialsError};
use std::path::{Path, PathBuf};

/// The aliyun CLI's configuration, under the home folder.
pub(crate) const CLI_CONFIG: &str = ".aliyun/config.json";
/// The INI file's name in the Go SDK ...
pub(crate) const INI_GO: &str = ".alibabacloud/credentials";
/// ... and in the Python SDK (WIRE.md §5).
pub(crate) const INI_PYTHON: &str = ".alibabacloud/credentials.ini";

/// `ChainableRamRoleArn` profiles name their source profile; a longer chain is a loop.
const MAX_PROFILE_HOPS: usize = 8;

/// The file's text, or `None` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CredentialsError::BadFile {
            path: path.to_path_buf(),
            message: e.to_string(),
        }),
    }
}

#[derive(serde::Deserialize)]
struct CliConfig {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<CliProfile>,
}

#[derive(serde::Deserialize)]
struct CliProfile {
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: String,
    #[serde(default)]
    sts_token: String,
    #[serde(default)]
    ram_role_arn: String,
    #[serde(default)]
    ram_session_name: String,
    #[serde(default)]
    external_id: String,
    #[serde(default)]
    expired_seconds: Option<i64>,
    #[serde(default)]
    sts_region: String,
    #[serde(default)]
    ram_role_name: String,
    #[serde(default)]
    oidc_provider_arn: String,
    #[serde(default)]
    oidc_token_file: String,
    #[serde(default)]
    source_profile: String,
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Provider 3: a profile of the aliyun CLI's `config.json` (`profile`, else `current`).
pub fn from_cli_config(
    text: &str,
    path: &Path,
    profile: Option<&str>,
) -> Result<Option<Configured>, CredentialsError> {
    let cfg: CliConfig = serde_json::from_str(text).map_err(|e| CredentialsError::BadFile {
        path: path.to_path_buf(),
        message: format!("not the aliyun CLI's JSON: {e}"),
    })?;
    let Some(name) = profile.map(str::to_string).or(cfg.current.clone()) else {
        return Ok(None);
    };
    let source = cli_profile(&cfg, path, &name, &mut Vec::new())?;
    Ok(Some(Configured {
        origin: format!("{} profile `{name}`", path.display()),
        source,
        implicit: false,
    }))
}

/// The source of profile `name`; `seen` holds the profiles that led here.
fn cli_profile(
    cfg: &CliConfig,
    path: &Path,
    name: &str,
    seen: &mut Vec<String>,
) -> Result<Source, CredentialsError> {
    let origin = || format!("{} profile `{name}`", path.display());
    let p = cfg
        .profiles
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| CredentialsError::NoProfile {
            path: path.to_path_buf(),
            profile: name.to_string(),
        })?;
    let need = |value: &str, field: &'static str| {
        non_empty(value).ok_or_else(|| CredentialsError::MissingField {
            path: path.to_path_buf(),
            profile: name.to_string(),
            field,
        })
    };
    let access_key = || -> Result<Credentials, CredentialsError> {
        let c = Credentials::new(
            need(&p.access_key_id, "access_key_id")?,
            need(&p.access_key_secret, "access_key_secret")?,
        );
        Ok(match non_empty(&p.sts_token) {
            Some(t) => c.with_security_token(t),
            None => c,
        })
    };
    let role = |source: Source| -> Result<Source, CredentialsError> {
        Ok(Source::RamRoleArn(RamRoleArn {
            source: Box::new(source),
            role_arn: need(&p.ram_role_arn, "ram_role_arn")?,
            session_name: non_empty(&p.ram_session_name),
            policy: None,
            external_id: non_empty(&p.external_id),
            duration_seconds: duration(&origin(), p.expired_seconds)?,
            sts_region: non_empty(&p.sts_region),
        }))
    };
    match p.mode.as_str() {
        "AK" | "" => Ok(Source::Static(Credentials::new(
            need(&p.access_key_id, "access_key_id")?,
            need(&p.access_key_secret, "access_key_secret")?,
        ))),
        "StsToken" => {
            need(&p.sts_token, "sts_token")?;
            Ok(Source::Static(access_key()?))
        }
        "RamRoleArn" => role(Source::Static(access_key()?)),
        "ChainableRamRoleArn" => {
            let from = need(&p.source_profile, "source_profile")?;
            seen.push(name.to_string());
            if seen.contains(&from) || seen.len() > MAX_PROFILE_HOPS {
                return Err(CredentialsError::Invalid {
                    origin: origin(),
                    message: format!(
                        "source_profile `{from}` leads back to a profile already on the way: {}",
                        seen.join(" -> ")
                    ),
                });
            }
            let source = cli_profile(cfg, path, &from, seen)?;
            role(source)
        }
        "EcsRamRole" => Ok(Source::EcsRamRole {
            role_name: non_empty(&p.ram_role_name),
        }),
        "OIDC" => Ok(Source::Oidc(OidcRoleArn {
            role_arn: need(&p.ram_role_arn, "ram_role_arn")?,
            provider_arn: need(&p.oidc_provider_arn, "oidc_provider_arn")?,
            token_file: PathBuf::from(need(&p.oidc_token_file, "oidc_token_file")?),
            session_name: non_empty(&p.ram_session_name),
            policy: None,
            duration_seconds: duration(&origin(), p.expired_seconds)?,
            sts_region: non_empty(&p.sts_region),
        })),
        other => Err(CredentialsError::Invalid {
            origin: origin(),
            message: format!(
                "mode `{other}` is not supported (AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole and OIDC are)"
            ),
        }),
    }
}

/// Provider 4: a section of the credentials INI file.
pub fn from_ini(
    text: &str,
    path: &Path,
    section: &str,
) -> Result<Option<Configured>, CredentialsError> {
    let ini = ini::Ini::load_from_str(text).map_err(|e| CredentialsError::BadFile {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let Some(s) = ini.section(Some(section)) else {
        return Ok(None);
    };
    let origin = format!("{} section `{section}`", path.display());
    let optional = |key: &str| s.get(key).and_then(non_empty);
    let field = |key: &'static str| {
        optional(key).ok_or_else(|| CredentialsError::MissingField {
            path: path.to_path_buf(),
            profile: section.to_string(),
            field: key,
        })
    };
    let access_key = || -> Result<Credentials, CredentialsError> {
        Ok(Credentials::new(
            field("access_key_id")?,
            field("access_key_secret")?,
        ))
    };
    let source = match s.get("type").map(str::trim).unwrap_or("access_key") {
        "access_key" => Source::Static(access_key()?),
        "ecs_ram_role" => Source::EcsRamRole {
            role_name: optional("role_name"),
        },
        "ram_role_arn" => Source::RamRoleArn(RamRoleArn {
            source: Box::new(Source::Static(access_key()?)),
            role_arn: field("role_arn")?,
            session_name: optional("role_session_name"),
            policy: optional("policy"),
            external_id: optional("external_id"),
            duration_seconds: duration(&origin, None)?,
            sts_region: None,
        }),
        "oidc_role_arn" => Source::Oidc(OidcRoleArn {
            role_arn: field("role_arn")?,
            provider_arn: field("oidc_provider_arn")?,
            token_file: PathBuf::from(field("oidc_token_file_path")?),
            session_name: optional("role_session_name"),
            policy: optional("policy"),
            duration_seconds: duration(&origin, None)?,
            sts_region: None,
        }),
        other => {
            return Err(CredentialsError::Invalid {
                origin,
                message: format!(
                    "type `{other}` is not supported (access_key, ecs_ram_role, ram_role_arn and oidc_role_arn are; rsa_key_pair went with the retired key-pair service)"
                ),
            })
        }
    };
    Ok(Some(Configured {
        origin,
        source,
        implicit: false,
    }))
}
