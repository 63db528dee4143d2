//! Success answers: the page's documented success example with a fresh `RequestId`, in JSON
//! or XML (WIRE.md §3.1: XML root `<{Action}Response>`, JSON a flat object).

/// The response format a request asked for (`Format=JSON|XML`, any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// `Format` parameter value; `None` for anything but json/xml.
    pub fn parse(value: &str) -> Option<Format> {
        if value.eq_ignore_ascii_case("json") {
            Some(Format::Json)
        } else if value.eq_ignore_ascii_case("xml") {
            Some(Format::Xml)
        } else {
            None
        }
    }
}

/// `&`, `<`, `>`, `"` and `'` escaped for XML text.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The JSON success body: the example (a page without one answers `{"RequestId"}` alone)
/// with `RequestId` set to `request_id`.
pub fn json_body(example: Option<&serde_json::Value>, request_id: &str) -> serde_json::Value {
    let mut map = match example {
        Some(serde_json::Value::Object(m)) => m.clone(),
        _ => serde_json::Map::new(),
    };
    map.insert("RequestId".into(), request_id.into());
    serde_json::Value::Object(map)
}

/// The XML success body: the page's XML example with its `RequestId` element replaced, or,
/// when the page has none that reads (or it names no `RequestId`), the JSON body written as
/// XML.
pub fn xml_body(action: &str, xml_example: Option<&str>, json: &serde_json::Value) -> String {
    let request_id = json
        .get("RequestId")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    if let Some(text) = xml_example {
        if let Some(replaced) = replace_element(text, "RequestId", &xml_escape(request_id)) {
            return with_declaration(replaced.trim());
        }
    }
    let mut out = String::new();
    write_xml(&format!("{action}Response"), json, &mut out);
    with_declaration(&out)
}

fn with_declaration(body: &str) -> String {
    if body.starts_with("<?xml") {
        body.to_string()
    } else {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}")
    }
}

/// `text` with the content of the first `<name>…</name>` replaced.
fn replace_element(text: &str, name: &str, content: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = text.find(&open)? + open.len();
    let end = start + text[start..].find(&close)?;
    Some(format!("{}{content}{}", &text[..start], &text[end..]))
}

/// ECS's XML for a JSON value: objects become child elements, arrays repeat their element.
fn write_xml(name: &str, v: &serde_json::Value, out: &mut String) {
    use serde_json::Value as J;
    match v {
        J::Array(items) => {
            for item in items {
                write_xml(name, item, out);
            }
        }
        J::Object(m) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in m {
                write_xml(k, v, out);
            }
            out.push_str(&format!("</{name}>"));
        }
        J::Null => out.push_str(&format!("<{name}/>")),
        J::String(s) => out.push_str(&format!("<{name}>{}</{name}>", xml_escape(s))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_is_replaced_in_place() {
        let ex = serde_json::json!({"RequestId": "OLD", "Id": "sp-1"});
        let v = json_body(Some(&ex), "NEW");
        assert_eq!(v, serde_json::json!({"RequestId": "NEW", "Id": "sp-1"}));
        assert_eq!(json_body(None, "X").to_string(), r#"{"RequestId":"X"}"#);
        let xml = xml_body(
            "A",
            Some("<AResponse>\n <RequestId>OLD</RequestId><Id>sp-1</Id></AResponse>"),
            &v,
        );
        assert!(
            xml.contains("<RequestId>NEW</RequestId><Id>sp-1</Id>"),
            "{xml}"
        );
        let generated = xml_body(
            "A",
            None,
            &serde_json::json!({"RequestId": "N", "Ids": {"Id": ["a", "b"]}}),
        );
        assert!(generated.starts_with("<?xml"));
        assert!(
            generated.contains("<RequestId>N</RequestId>"),
            "{generated}"
        );
        assert!(
            generated.contains("<Ids><Id>a</Id><Id>b</Id></Ids>"),
            "{generated}"
        );
    }
}
