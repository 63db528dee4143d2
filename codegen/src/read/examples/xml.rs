//! XML examples -> the object tree the JSON example would have.

use super::*;

/// XML success example -> the object tree the JSON example would have: elements with child
/// elements become objects, repeated sibling elements become arrays, leaf text becomes strings
/// (trimmed; attributes are ignored). The root element (`XResponse`, `Error`) is dropped: its
/// children object is returned. A leading `HTTP/1.1 …` header block, `<?xml …?>` declarations
/// anywhere, and a wholly HTML-escaped document (`&lt;X>`) are tolerated. Malformed XML gives an
/// `example-xml` error at the page line roxmltree names; elements nested deeper than
/// [`MAX_DEPTH`] give one at the line of the first too-deep element.
pub fn xml_to_json(text: &str, line: u32) -> Result<Value, Diagnostic> {
    let cleaned = clean_xml(text);
    let doc = roxmltree::Document::parse(&cleaned).map_err(|e| {
        let at = line.saturating_add(e.pos().row.saturating_sub(1));
        Diagnostic::error(at, "example-xml", format!("invalid XML example: {e}"))
    })?;
    children_object(doc.root_element(), 1)
        .map(Value::Object)
        .map_err(|TooDeep(node)| {
            let row = doc.text_pos_at(node.range().start).row;
            Diagnostic::error(
                line.saturating_add(row.saturating_sub(1)),
                "example-xml",
                format!("invalid XML example: elements nested deeper than {MAX_DEPTH} levels"),
            )
        })
}

/// How deep an XML example may nest: serde_json's recursion limit, so an XML example is read
/// exactly when its JSON twin would be, and the tree walks below cannot exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// The first element found nested deeper than [`MAX_DEPTH`].
pub(super) struct TooDeep<'a, 'i>(roxmltree::Node<'a, 'i>);

pub(super) fn clean_xml(text: &str) -> String {
    let mut s = strip_comment_lines(&strip_http_header(text));
    if s.trim_start().starts_with("&lt;") {
        s = s.replace("&lt;", "<").replace("&gt;", ">");
    }
    // Declarations are only legal at the very start; drop them wherever they are.
    while let Some(a) = s.find("<?xml") {
        let Some(len) = s[a..].find("?>") else {
            break;
        };
        s.replace_range(a..a + len + 2, "");
    }
    s
}

fn children_object<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    depth: usize,
) -> Result<Map<String, Value>, TooDeep<'a, 'i>> {
    let mut map = Map::new();
    for child in node.children().filter(|n| n.is_element()) {
        let name = child.tag_name().name().to_string();
        let value = element_value(child, depth + 1)?;
        match map.get_mut(&name) {
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let prev = existing.take();
                *existing = Value::Array(vec![prev, value]);
            }
            None => {
                map.insert(name, value);
            }
        }
    }
    Ok(map)
}

fn element_value<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    depth: usize,
) -> Result<Value, TooDeep<'a, 'i>> {
    if depth > MAX_DEPTH {
        return Err(TooDeep(node));
    }
    Ok(if node.children().any(|n| n.is_element()) {
        Value::Object(children_object(node, depth)?)
    } else {
        let text: String = node
            .children()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        Value::String(text.trim().to_string())
    })
}
