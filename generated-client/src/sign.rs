//! Request signatures of the Alibaba Cloud RPC API: V1 (HMAC-SHA1, the `Signature` query
//! parameter) and V3 (ACS3-HMAC-SHA256, the `Authorization` header). Pure functions of the
//! request: the caller supplies the nonce and the timestamp, so every value here is
//! reproducible, and the tests check the published vectors byte for byte.

use crate::secret::Secret;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// RFC 3986: everything but `A-Z a-z 0-9 - _ . ~` is escaped (a space as `%20`, `*` as `%2A`).
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` as both signature versions need it (UTF-8, uppercase hex).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_encoded(&mut out, s);
    out
}

/// Appends `s` percent-encoded to `out` (the encoder's chunks, no intermediate string).
fn push_encoded(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, RFC3986));
}

/// `k=v&k=v` over `params` sorted by name (then value), names and values percent-encoded.
pub fn canonical_query(params: &[(String, String)]) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    canonical_query_of(&mut pairs)
}

/// [`canonical_query`] of borrowed pairs, sorted in place.
pub fn canonical_query_of(pairs: &mut [(&str, &str)]) -> String {
    pairs.sort_unstable();
    canonical_query_merged(pairs, &[])
}

/// [`canonical_query`] of two lists that are each sorted already (by name, then value): they
/// are merged, not sorted again. The transport's common parameters are one such list.
pub fn canonical_query_merged(a: &[(&str, &str)], b: &[(&str, &str)]) -> String {
    debug_assert!(
        a.windows(2).all(|w| w[0] <= w[1]) && b.windows(2).all(|w| w[0] <= w[1]),
        "unsorted parameters"
    );
    let len = a
        .iter()
        .chain(b)
        .map(|(k, v)| k.len() + v.len() + 2)
        .sum::<usize>();
    let mut out = String::with_capacity(len + len / 4);
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (_, Some(_)) => b.next(),
            _ => a.next(),
        };
        let Some((k, v)) = next else { break };
        if !out.is_empty() {
            out.push('&');
        }
        push_encoded(&mut out, k);
        out.push('=');
        push_encoded(&mut out, v);
    }
    out
}

/// V1: `METHOD&%2F&` + the canonical query, percent-encoded again. `params` are all the signed
/// parameters (common ones included, `Signature` left out).
pub fn v1_string_to_sign(method: &str, params: &[(String, String)]) -> String {
    v1_string_to_sign_canonical(method, &canonical_query(params))
}

/// [`v1_string_to_sign`] of an already canonical query.
///
/// A canonical query holds only unreserved characters, `%XX` escapes, `=` and `&`, so
/// encoding it again turns exactly `%`, `=` and `&` into `%25`, `%3D` and `%26`: the
/// string is copied in runs between those three bytes instead of being encoded byte by byte.
fn v1_string_to_sign_canonical(method: &str, canonical: &str) -> String {
    debug_assert!(
        canonical
            .bytes()
            .all(|b| is_unreserved(b) || matches!(b, b'%' | b'=' | b'&')),
        "not a canonical query"
    );
    let bytes = canonical.as_bytes();
    let mut out = Vec::with_capacity(method.len() + 5 + bytes.len() + bytes.len() / 2);
    out.extend_from_slice(method.as_bytes());
    out.extend_from_slice(b"&%2F&");
    let mut rest = bytes;
    // The runs are short (a name, a value): a plain scan beats a vectorised search here.
    while let Some(at) = rest.iter().position(|b| matches!(b, b'%' | b'=' | b'&')) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(match rest[at] {
            b'%' => b"%25",
            b'=' => b"%3D",
            _ => b"%26",
        });
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    // Only ASCII was added, at the boundaries of the UTF-8 input's ASCII bytes.
    String::from_utf8(out).expect("ASCII runs of a str")
}

/// Bytes RFC 3986 leaves unescaped (`A-Z a-z 0-9 - _ . ~`).
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// V1: the `Signature` value, Base64 of HMAC-SHA1 keyed with `secret + "&"`.
pub fn v1_signature(secret: &Secret, method: &str, params: &[(String, String)]) -> String {
    v1_signature_canonical(secret, method, &canonical_query(params))
}

/// [`v1_signature`] of an already canonical query ([`canonical_query`]), for a caller that
/// sends that query too (the transport; anything else is not a canonical query).
fn v1_signature_canonical(secret: &Secret, method: &str, canonical: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&v1_key(secret))
        .expect("HMAC takes a key of any length");
    mac.update(v1_string_to_sign_canonical(method, canonical).as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Appends [`v1_signature_canonical`] to `out`, as a URL carries it (percent-encoded).
pub(crate) fn push_v1_signature_encoded(
    out: &mut String,
    secret: &Secret,
    method: &str,
    canonical: &str,
) {
    push_encoded(out, &v1_signature_canonical(secret, method, canonical));
}

/// `secret + "&"`, the V1 HMAC key.
fn v1_key(secret: &Secret) -> Vec<u8> {
    let s = secret.expose().as_bytes();
    let mut key = Vec::with_capacity(s.len() + 1);
    key.extend_from_slice(s);
    key.push(b'&');
    key
}

/// Lowercase hex SHA-256 of `bytes` (`x-acs-content-sha256`, the hashed payload).
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// What a V3 signature covers.
#[derive(Clone, Copy)]
pub struct V3Request<'a, N = String, V = String> {
    /// `POST`, `GET`, ...
    pub method: &'a str,
    /// `/` for the RPC style.
    pub uri: &'a str,
    pub query: &'a [(String, String)],
    /// All request headers; the signed ones are `host`, `content-type` and `x-acs-*`. They
    /// must include `x-acs-content-sha256` ([`sha256_hex`] of the body): it is both a signed
    /// header and the hashed payload, so the two cannot disagree.
    pub headers: &'a [(N, V)],
}

impl<N: AsRef<str>, V> std::fmt::Debug for V3Request<'_, N, V> {
    /// Names only: header values carry the STS token, query values any password parameter.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = |pairs: Vec<&str>| pairs.join(",");
        f.debug_struct("V3Request")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field(
                "query",
                &names(self.query.iter().map(|(k, _)| k.as_str()).collect()),
            )
            .field(
                "headers",
                &names(self.headers.iter().map(|(k, _)| k.as_ref()).collect()),
            )
            .finish()
    }
}

/// A request V3 cannot sign.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error("the request has no x-acs-content-sha256 header (the SHA-256 of its body)")]
    NoContentHash,
}

/// A header that V3 signs.
fn is_signed_header(lower: &str) -> bool {
    lower.starts_with("x-acs-") || lower == "host" || lower == "content-type"
}

impl<N: AsRef<str>, V: AsRef<str>> V3Request<'_, N, V> {
    /// `(CanonicalRequest, SignedHeaders)`. Header names are lowercased and sorted, values
    /// trimmed; a name given twice (in any case) keeps both values, joined with `,`.
    pub fn canonical(&self) -> Result<(String, String), SignError> {
        self.canonical_with_query(&canonical_query(self.query))
    }

    /// [`V3Request::canonical`] with the canonical query already built (the caller sends it).
    fn canonical_with_query(&self, query: &str) -> Result<(String, String), SignError> {
        use std::borrow::Cow;
        let mut headers: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(8);
        for (name, value) in self.headers {
            let (name, value) = (name.as_ref(), value.as_ref().trim());
            let lower = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name)
            };
            if !is_signed_header(&lower) {
                continue;
            }
            match headers.iter_mut().find(|(n, _)| *n == lower) {
                Some((_, v)) => {
                    let v = v.to_mut();
                    v.push(',');
                    v.push_str(value);
                }
                None => headers.push((lower, Cow::Borrowed(value))),
            }
        }
        headers.sort_unstable();
        let payload = headers
            .iter()
            .find(|(n, _)| n == "x-acs-content-sha256")
            .map(|(_, v)| v.as_ref())
            .ok_or(SignError::NoContentHash)?;
        let mut signed = String::with_capacity(headers.iter().map(|(n, _)| n.len() + 1).sum());
        let mut canonical = String::with_capacity(
            self.method.len()
                + self.uri.len()
                + query.len()
                + headers
                    .iter()
                    .map(|(n, v)| 2 * n.len() + v.len() + 3)
                    .sum::<usize>()
                + payload.len()
                + 4,
        );
        for s in [self.method, "\n", self.uri, "\n", query, "\n"] {
            canonical.push_str(s);
        }
        for (name, value) in &headers {
            for s in [name.as_ref(), ":", value.as_ref(), "\n"] {
                canonical.push_str(s);
            }
            if !signed.is_empty() {
                signed.push(';');
            }
            signed.push_str(name);
        }
        for s in ["\n", &signed, "\n", payload] {
            canonical.push_str(s);
        }
        Ok((canonical, signed))
    }
}

/// V3: `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
pub fn v3_string_to_sign(canonical_request: &str) -> String {
    use std::fmt::Write as _;
    const PREFIX: &str = "ACS3-HMAC-SHA256\n";
    let mut out = String::with_capacity(PREFIX.len() + 64);
    out.push_str(PREFIX);
    let _ = write!(out, "{:x}", Sha256::digest(canonical_request.as_bytes()));
    out
}

/// V3: lowercase hex HMAC-SHA256 of the string to sign, keyed with the secret alone.
pub fn v3_signature<N: AsRef<str>, V: AsRef<str>>(
    secret: &Secret,
    req: &V3Request<'_, N, V>,
) -> Result<String, SignError> {
    let (canonical, _) = req.canonical()?;
    Ok(v3_signature_of_canonical(secret, &canonical))
}

/// V3: the signature of a canonical request, however it was built (the client's
/// [`V3Request::canonical`], or the emulator's from the headers a request says it signed).
pub fn v3_signature_of_canonical(secret: &Secret, canonical_request: &str) -> String {
    let mut out = String::with_capacity(64);
    push_v3_signature(&mut out, secret, canonical_request);
    out
}

fn push_v3_signature(out: &mut String, secret: &Secret, canonical: &str) {
    use std::fmt::Write as _;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(v3_string_to_sign(canonical).as_bytes());
    let _ = write!(out, "{:x}", mac.finalize().into_bytes());
}

/// V3: the `Authorization` header value.
pub fn v3_authorization<N: AsRef<str>, V: AsRef<str>>(
    access_key_id: &str,
    secret: &Secret,
    req: &V3Request<'_, N, V>,
) -> Result<String, SignError> {
    v3_authorization_with_query(access_key_id, secret, req, &canonical_query(req.query))
}

/// [`v3_authorization`] with the canonical query already built ([`canonical_query`] of
/// `req.query`), for a caller that sends that query too.
pub fn v3_authorization_with_query<N: AsRef<str>, V: AsRef<str>>(
    access_key_id: &str,
    secret: &Secret,
    req: &V3Request<'_, N, V>,
    query: &str,
) -> Result<String, SignError> {
    let (canonical, signed) = req.canonical_with_query(query)?;
    let mut out = String::with_capacity(
        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature=".len()
            + access_key_id.len()
            + signed.len()
            + 64,
    );
    for s in [
        "ACS3-HMAC-SHA256 Credential=",
        access_key_id,
        ",SignedHeaders=",
        &signed,
        ",Signature=",
    ] {
        out.push_str(s);
    }
    push_v3_signature(&mut out, secret, &canonical);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rfc3986_encoding() {
        assert_eq!(percent_encode("a b*c~d-_.e/"), "a%20b%2Ac~d-_.e%2F");
        assert_eq!(
            percent_encode("2016-02-23T12:46:24Z"),
            "2016-02-23T12%3A46%3A24Z"
        );
        assert_eq!(percent_encode("中"), "%E4%B8%AD");
        assert_eq!(percent_encode(r#"["i-1"]"#), "%5B%22i-1%22%5D");
    }

    #[test]
    fn merging_two_sorted_lists_is_sorting_their_union() {
        let a = [("A", "2"), ("Name", "x"), ("Name", "z"), ("Zone", "")];
        let b = [
            ("A", "1"),
            ("Action", "Run"),
            ("Name", "y"),
            ("Version", "v"),
        ];
        let mut all: Vec<(&str, &str)> = a.iter().chain(&b).copied().collect();
        assert_eq!(canonical_query_merged(&a, &b), canonical_query_of(&mut all));
        assert_eq!(canonical_query_merged(&b, &a), canonical_query_of(&mut all));
        assert_eq!(
            canonical_query_merged(&[], &b),
            canonical_query_merged(&b, &[])
        );
        assert_eq!(
            canonical_query_merged(&a, &b),
            "A=1&A=2&Action=Run&Name=x&Name=y&Name=z&Version=v&Zone="
        );
    }

    /// The string to sign is built from the canonical query by escaping only `%`, `=` and
    /// `&`; that must equal encoding the whole query again, for every character.
    #[test]
    fn the_string_to_sign_is_the_canonical_query_encoded_again() {
        let every_ascii: String = (1u8..128).map(char::from).collect();
        let p = params(&[
            ("Name", "a b*c~中/é"),
            ("Tags", r#"[{"k":"v=1&2"}]"#),
            ("Empty", ""),
            ("Pct", "100%"),
            ("Ascii", &every_ascii),
            ("Emoji", "🦀\u{7f}"),
        ]);
        let canonical = canonical_query(&p);
        assert_eq!(
            v1_string_to_sign_canonical("POST", &canonical),
            format!("POST&%2F&{}", percent_encode(&canonical))
        );
    }

    /// WIRE.md V1-A: the ECS reference's own DescribeRegions example.
    #[test]
    fn v1_official_describe_regions() {
        let p = params(&[
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Format", "XML"),
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("Version", "2014-05-26"),
            ("SignatureVersion", "1.0"),
        ]);
        assert_eq!(
            v1_string_to_sign("GET", &p),
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        );
        let sig = v1_signature(&Secret::new("testsecret"), "GET", &p);
        assert_eq!(sig, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        assert_eq!(percent_encode(&sig), "OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D");
    }

    /// WIRE.md V1-B: the SDK documentation's DescribeDedicatedHosts example, GET and POST.
    #[test]
    fn v1_sdk_doc_describe_dedicated_hosts() {
        let p = params(&[
            ("AccessKeyId", "testid"),
            ("Action", "DescribeDedicatedHosts"),
            ("Format", "JSON"),
            ("RegionId", "cn-beijing"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2023-03-13T08:34:30Z"),
            ("Version", "2014-05-26"),
        ]);
        assert_eq!(
            canonical_query(&p),
            "AccessKeyId=testid&Action=DescribeDedicatedHosts&Format=JSON&RegionId=cn-beijing&SignatureMethod=HMAC-SHA1&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb&SignatureVersion=1.0&Timestamp=2023-03-13T08%3A34%3A30Z&Version=2014-05-26"
        );
        let secret = Secret::new("testsecret");
        assert_eq!(
            v1_signature(&secret, "GET", &p),
            "9NaGiOspFP5UPcwX8Iwt2YJXXuk="
        );
        assert_eq!(
            v1_signature(&secret, "POST", &p),
            "ZvQ9xGiFnquSJRvj+WE6kdSpTwU="
        );
    }

    /// WIRE.md V1-C and V1-D: the official util's unit tests (Python, Go).
    #[test]
    fn v1_util_unit_tests() {
        let p = params(&[("query", "test"), ("body", "test")]);
        assert_eq!(
            v1_string_to_sign("GET", &p),
            "GET&%2F&body%3Dtest%26query%3Dtest"
        );
        assert_eq!(
            v1_signature(&Secret::new("secret"), "GET", &p),
            "XlUyV4sXjOuX5FnjUz9IF9tm5rU="
        );
        let p = params(&[("test", "ok")]);
        assert_eq!(
            v1_signature(&Secret::new("accessKeySecret"), "", &p),
            "jHx/oHoHNrbVfhncHEvPdHXZwHU="
        );
    }

    /// WIRE.md V3-A: the V3 documentation's RunInstances example.
    #[test]
    fn v3_official_run_instances() {
        let query = params(&[
            (
                "ImageId",
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            ),
            ("RegionId", "cn-shanghai"),
        ]);
        let empty = sha256_hex(b"");
        assert_eq!(
            empty,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let headers = params(&[
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-version", "2014-05-26"),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-content-sha256", &empty),
            ("user-agent", "not signed"),
        ]);
        let req = V3Request {
            method: "POST",
            uri: "/",
            query: &query,
            headers: &headers,
        };
        let (canonical, signed) = req.canonical().expect("signable");
        assert_eq!(
            canonical,
            "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n\
             host:ecs.cn-shanghai.aliyuncs.com\n\
             x-acs-action:RunInstances\n\
             x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
             x-acs-date:2023-10-26T10:22:32Z\n\
             x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
             x-acs-version:2014-05-26\n\n\
             host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            v3_string_to_sign(&canonical),
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        let secret = Secret::new("YourAccessKeySecret");
        assert_eq!(
            v3_signature(&secret, &req).as_deref(),
            Ok("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0")
        );
        assert_eq!(
            v3_authorization("YourAccessKeyId", &secret, &req).expect("signable"),
            format!(
                "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders={signed},Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
            )
        );
    }

    #[test]
    fn v3_headers_merge_case_insensitively_and_empty_values_keep_their_equals() {
        let query = params(&[("test", "ok"), ("empty", "")]);
        let headers = params(&[
            ("x-acs-test", " http "),
            ("x-acs-TEST", "https"),
            ("x-acs-content-sha256", "abc"),
        ]);
        let req = V3Request {
            method: "GET",
            uri: "/",
            query: &query,
            headers: &headers,
        };
        let (canonical, signed) = req.canonical().expect("signable");
        assert_eq!(
            canonical,
            "GET\n/\nempty=&test=ok\nx-acs-content-sha256:abc\nx-acs-test:http,https\n\nx-acs-content-sha256;x-acs-test\nabc"
        );
        assert_eq!(signed, "x-acs-content-sha256;x-acs-test");
    }

    #[test]
    fn v3_requests_print_names_only() {
        let query = params(&[("Password", "hunter2-query")]);
        let headers = params(&[("x-acs-security-token", "sts-secret-token")]);
        let req = V3Request {
            method: "POST",
            uri: "/",
            query: &query,
            headers: &headers,
        };
        let shown = format!("{req:?}");
        assert!(shown.contains("Password") && shown.contains("x-acs-security-token"));
        assert!(
            !shown.contains("hunter2") && !shown.contains("sts-secret"),
            "{shown}"
        );
    }

    #[test]
    fn v3_needs_the_content_hash_header() {
        let req = V3Request {
            method: "POST",
            uri: "/",
            query: &[],
            headers: &params(&[("host", "ecs.aliyuncs.com")]),
        };
        assert_eq!(
            v3_signature(&Secret::new("s"), &req),
            Err(SignError::NoContentHash)
        );
    }

    #[test]
    fn a_changed_parameter_changes_the_signature() {
        let secret = Secret::new("s");
        let a = v1_signature(&secret, "GET", &params(&[("RegionId", "cn-hangzhou")]));
        let b = v1_signature(&secret, "GET", &params(&[("RegionId", "cn-beijing")]));
        assert_ne!(a, b);
    }
}
