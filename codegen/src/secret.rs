//! Which fields hold a secret: the one rule the emitter applies to every request, builder,
//! nested request type and response, so that their `Debug` prints `***` for the value.
//!
//! A field is secret when its value is text (a string, a JSON document, a list of strings:
//! a boolean, a number or a documented value set is never a secret worth hiding, so
//! `PasswordInherit` is not one) and either
//!
//! - its wire name *ends* with a secret noun, optionally followed by one content word
//!   (`Password`, `VncPassword`, `AccessKeySecret`, `PrivateKeyBody`, `SecretData`,
//!   `SecurityToken`), so that a name *about* a secret is not one (`KeyPairName`,
//!   `WindowsPasswordName`, `PasswordInherit`, `SecretType`, `TokenExpireTime`); a token is
//!   secret unless its qualifier says it is a cursor or an idempotency key (`NextToken`,
//!   `ClientToken`, `HttpTokens`), or
//! - the head of its description's first sentence (what the field *is*, before "of", "that",
//!   "used", ...) ends with a secret noun: `as` described as "The AccessKey secret." is one,
//!   `KeyPairName` ("The name of the key pair. ... the `Password` parameter ...") is not. In
//!   prose a bare "token" is too loose ("The token used to start the query"); only a
//!   qualified one counts ("The STS token."). Chinese pages: the first sentence ends with
//!   密码, 私钥 or 口令.
//!
//! The word lists are the constants below; nothing else in the generator decides secrecy.

use crate::ir::{Constraints, Field, Param, Type};

/// Secret nouns, as lower-case word sequences (plurals match too).
const SECRET_NOUNS: &[&[&str]] = &[
    &["password"],
    &["passwd"],
    &["pwd"],
    &["passphrase"],
    &["secret"],
    &["secret", "key"],
    &["private", "key"],
    &["privatekey"],
    &["api", "key"],
    &["credential"],
    &["plaintext"],
    &["token"],
];

/// Words that may follow a secret noun and still name its value (`PrivateKeyBody`).
const CONTENT_WORDS: &[&str] = &[
    "body", "value", "data", "material", "content", "text", "string", "pem",
];

/// Qualifiers that make a token in a wire name a cursor, an idempotency key or a mode.
const PUBLIC_TOKEN_QUALIFIERS: &[&str] = &[
    "next",
    "client",
    "page",
    "continuation",
    "pagination",
    "http",
    "idempotency",
    "idempotent",
    "request",
];

/// Qualifiers that make a token in prose a credential ("The STS token.").
const SECRET_TOKEN_QUALIFIERS: &[&str] = &[
    "security",
    "sts",
    "access",
    "session",
    "auth",
    "authentication",
    "authorization",
    "bearer",
    "refresh",
    "import",
];

/// Words that end the head of a description's first sentence.
const HEAD_STOPS: &[&str] = &[
    "of",
    "for",
    "that",
    "which",
    "used",
    "required",
    "to",
    "is",
    "are",
    "was",
    "when",
    "where",
    "whether",
    "in",
    "from",
    "with",
    "by",
    "returned",
    "generated",
    "you",
    "if",
    "after",
];

/// Chinese nouns that mark a secret at the end of a description's first sentence.
const SECRET_NOUNS_ZH: &[&str] = &["密码", "私钥", "口令"];

/// What kind of value a field holds, as far as secrecy goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A string, a JSON document or a list of strings: may be secret.
    Text,
    /// A boolean, a number, a documented value set, a struct or a list of structs: never
    /// secret itself (a struct's own secret fields are judged one by one).
    Other,
}

/// Whether a request parameter (of any depth; its own level only) holds a secret: the Rust
/// value the emitter gives it is text (`String`, or a `Vec<String>` list: not a number, a
/// flag, a value-set enum, an integer list read from text, or a struct) and [`is_secret`].
pub fn param_is_secret(p: &Param) -> bool {
    let text = |ty: Type, c: &Constraints| {
        c.enum_values.is_empty()
            && crate::rules::numeric_text(ty, c).is_none()
            && !matches!(
                ty,
                Type::Integer | Type::Long | Type::Float | Type::Double | Type::Boolean
            )
    };
    let is_list = p.ty == Type::List || (p.item.is_some() && p.fields.is_empty());
    let kind = if is_list {
        let mut c = p.constraints.clone();
        match p.item.as_deref() {
            Some(item) if !item.fields.is_empty() => false,
            Some(item) => {
                crate::emit::docs::merge_item(&mut c, &item.constraints);
                text(item.ty, &c)
            }
            None => text(Type::String, &c),
        }
    } else if !p.fields.is_empty() {
        false
    } else if p.ty == Type::String {
        p.constraints.enum_values.is_empty()
    } else {
        text(p.ty, &Constraints::default())
    };
    is_secret(&p.name, &p.description, kind_of(kind))
}

/// Whether a response field (its own level) holds a secret: its Rust value is text (a
/// string, a JSON value or a list of strings, without a documented value set) and
/// [`is_secret`].
pub fn field_is_secret(f: &Field) -> bool {
    if !f.enum_values.is_empty() {
        return false;
    }
    let text = |ty: Type| matches!(ty, Type::String | Type::Json);
    let kind = if f.ty == Type::List || f.item.is_some() {
        f.item
            .as_deref()
            .is_none_or(|item| item.fields.is_empty() && text(item.ty))
    } else {
        f.fields.is_empty() && text(f.ty)
    };
    is_secret(&f.name, &f.description, kind_of(kind))
}

fn kind_of(text: bool) -> ValueKind {
    if text {
        ValueKind::Text
    } else {
        ValueKind::Other
    }
}

/// Whether a field with this wire name (the last segment: `Password`, not
/// `LaunchConfiguration.Password`; `.N` segments are ignored), description and kind holds a
/// secret.
pub fn is_secret(wire: &str, description: &str, kind: ValueKind) -> bool {
    kind == ValueKind::Text && (name_is_secret(wire) || description_is_secret(description))
}

/// The wire-name half of the rule.
pub fn name_is_secret(wire: &str) -> bool {
    let last = wire
        .split('.')
        .rev()
        .find(|s| {
            !s.is_empty() && !s.eq_ignore_ascii_case("n") && !s.chars().all(|c| c.is_ascii_digit())
        })
        .unwrap_or("");
    let words = name_words(last);
    if words.len() == 1 && !words[0].contains("token") {
        // One lower-case run (`dbpassword`): its end is all there is to go by.
        let w = singular(&words[0]);
        if [
            "password",
            "passwd",
            "passphrase",
            "secret",
            "privatekey",
            "secretkey",
        ]
        .iter()
        .any(|n| w.ends_with(n))
        {
            return true;
        }
    }
    ends_with_secret(&words, true)
}

/// The description half of the rule.
pub fn description_is_secret(description: &str) -> bool {
    let first = first_sentence(description);
    if first.chars().any(is_cjk) {
        let t = first.trim_end_matches(|c: char| {
            c.is_ascii_punctuation() || "。，：；".contains(c) || c.is_whitespace()
        });
        return SECRET_NOUNS_ZH.iter().any(|n| t.ends_with(n));
    }
    let mut head = Vec::new();
    for w in first.split_whitespace() {
        let w: String = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase();
        if w.is_empty() {
            continue;
        }
        if HEAD_STOPS.contains(&w.as_str()) {
            break;
        }
        head.push(w);
    }
    ends_with_secret(&head, false)
}

/// Whether `words` end with a secret noun, optionally followed by one content word.
fn ends_with_secret(words: &[String], in_name: bool) -> bool {
    let words: Vec<String> = words.iter().map(|w| singular(w)).collect();
    let n = words.len();
    noun_ends_at(&words, n, in_name)
        || (n >= 2
            && CONTENT_WORDS.contains(&words[n - 1].as_str())
            && noun_ends_at(&words, n - 1, in_name))
}

/// Whether a secret noun ends just before `end`.
fn noun_ends_at(words: &[String], end: usize, in_name: bool) -> bool {
    SECRET_NOUNS.iter().any(|noun| {
        if noun.len() > end {
            return false;
        }
        let start = end - noun.len();
        if words[start..end]
            .iter()
            .zip(noun.iter())
            .any(|(w, n)| w != n)
        {
            return false;
        }
        if *noun != ["token"] {
            return true;
        }
        let qualifier = start.checked_sub(1).map(|i| words[i].as_str());
        if in_name {
            !qualifier.is_some_and(|q| PUBLIC_TOKEN_QUALIFIERS.contains(&q))
        } else {
            qualifier.is_some_and(|q| SECRET_TOKEN_QUALIFIERS.contains(&q))
        }
    })
}

/// `Passwords` -> `password`.
fn singular(w: &str) -> String {
    match w.strip_suffix('s') {
        Some(s) if s.len() >= 3 && !s.ends_with('s') => s.to_string(),
        _ => w.to_string(),
    }
}

/// Lower-case words of an identifier: `PrivateKeyBody` -> `private key body`, `KMSKeyId` ->
/// `kms key id`, `access_key_secret` -> `access key secret`.
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let boundary = !cur.is_empty()
                && c.is_ascii_uppercase()
                && (chars[i - 1].is_ascii_lowercase()
                    || chars[i - 1].is_ascii_digit()
                    || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()));
            if boundary {
                words.push(std::mem::take(&mut cur));
            }
            cur.push(c.to_ascii_lowercase());
        }
        if !cur.is_empty() {
            words.push(cur);
        }
    }
    words
}

/// The description up to its first sentence end (`. `, a line break, `。`, `:`).
fn first_sentence(description: &str) -> &str {
    let d = description.trim_start();
    let mut end = d.len();
    for (i, c) in d.char_indices() {
        let next = d[i + c.len_utf8()..].chars().next();
        if c == '\n'
            || c == '。'
            || c == ':'
            || c == '：'
            || (c == '.' && next.is_none_or(char::is_whitespace))
        {
            end = i;
            break;
        }
    }
    &d[..end]
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueKind::{Other, Text};

    fn name(n: &str) -> bool {
        is_secret(n, "", Text)
    }

    #[test]
    fn secret_names() {
        for n in [
            "Password",
            "password",
            "VncPassword",
            "OldPassword",
            "NewPassword",
            "LaunchConfiguration.Password",
            "PrivateKeyBody",
            "PrivateKey",
            "AccessKeySecret",
            "SecretKey",
            "SecretData",
            "SecurityToken",
            "ImportToken",
            "Token",
            "Plaintext",
            "Credentials",
            "DbPasswords",
            "dbpassword",
            "access_key_secret",
            "Tag.N.Password",
        ] {
            assert!(name(n), "{n} should be secret");
        }
    }

    #[test]
    fn names_about_a_secret_are_not_secret() {
        for n in [
            "KeyPairName",
            "WindowsPasswordName",
            "PasswordInherit",
            "SecretName",
            "SecretType",
            "SecretDataType",
            "TokenExpireTime",
            "NextToken",
            "ClientToken",
            "HttpTokens",
            "Nexttoken",
            "AccessKeyId",
            "AccessKey",
            "KMSKeyId",
            "KeyPairFingerPrint",
            "PublicKeyBody",
            "PasswordResetRequired",
            "MaxPasswordAge",
            "SubUserPwdLevel",
            "ContentType",
            "CommandContent",
            "TagKey",
            "Tag.N.Key",
        ] {
            assert!(!name(n), "{n} should not be secret");
        }
    }

    #[test]
    fn only_text_is_secret() {
        assert!(!is_secret("PasswordInherit", "", Other));
        assert!(!is_secret("Password", "The password.", Other));
        assert!(is_secret("Password", "", Text));
    }

    #[test]
    fn descriptions_mark_secrets_by_their_head() {
        for d in [
            "The AccessKey secret.",
            "The AccessKey Secret required to install the agent.",
            "The password of the instance. The password must be 8 to 30 characters",
            "The new VNC password of the instance.",
            "The private key of the key pair.",
            "Private key content. If the certificate is not enabled, leave it blank.",
            "The STS token.",
            "Import token.",
            "The secret value. Secrets Manager decrypts the secret value",
            "The Base64-encoded plaintext that was generated after decryption.",
            "实例的密码。长度为8至30个字符。",
            "密钥对的私钥",
        ] {
            assert!(is_secret("x", d, Text), "{d:?} should mark a secret");
        }
        for d in [
            "The name of the key pair. For Windows instances, the `Password` parameter takes effect.",
            "The name of the password used to run the command on a Windows instance.",
            "The token used to start the query.",
            "The client token that is used to ensure the idempotence of the request",
            "The AccessKey ID.",
            "The name of the secret.",
            "The type of the secret value.",
            "The time when the secret was created.",
            "The plaintext or Base64-encoded content of the command.",
            "The content of the user credential report.",
            "The policy that specifies the permissions of the returned STS token.",
            "Specifies whether to use the password that is preset in the image.",
            "Windows实例上运行命令使用的密码名称。",
            "是否使用镜像预设的密码",
        ] {
            let expect_zh_bool = d.starts_with("是否");
            if expect_zh_bool {
                // Ends with 密码 in prose: secret by text, but the field is a boolean.
                assert!(!is_secret("PasswordInherit", d, Other));
                continue;
            }
            assert!(!is_secret("x", d, Text), "{d:?} should not mark a secret");
        }
    }

    #[test]
    fn value_sets_are_not_secret() {
        let mut f = Field::bare("Password", Type::String, 1);
        assert!(field_is_secret(&f));
        f.enum_values = vec![crate::ir::EnumValue {
            value: "Set".to_string(),
            doc: String::new(),
        }];
        assert!(!field_is_secret(&f), "a documented value set is public");
    }

    #[test]
    fn words_of_names() {
        assert_eq!(name_words("KMSKeyId"), ["kms", "key", "id"]);
        assert_eq!(name_words("PrivateKeyBody"), ["private", "key", "body"]);
        assert_eq!(name_words("L2OssKeyConfig"), ["l2", "oss", "key", "config"]);
    }
}
