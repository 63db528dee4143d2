//! Generic wire encoding of request values into ECS RPC query parameters
//! (WIRE.md §6.3): `Name.1=a`, `Tag.1.Key=k`, `SystemDisk.Category=c`, `Ids=["a","b"]`.

use crate::model::{fields, List, Shape, Struct, View};

/// The request's own parameters, in field order, exactly as ECS expects them (no common
/// parameters, not URL-encoded).
pub fn to_params(s: &dyn Struct) -> Vec<(String, String)> {
    let mut out = Vec::new();
    encode_struct(s, "", &mut out);
    out
}

fn encode_struct(s: &dyn Struct, prefix: &str, out: &mut Vec<(String, String)>) {
    let mut specs = s.spec().fields.iter();
    s.visit(&mut |value| {
        let Some(field) = specs.next() else { return };
        let view = value.view();
        if matches!(view, View::Absent) {
            return;
        }
        let mut name = String::with_capacity(prefix.len() + field.wire.len());
        name.push_str(prefix);
        name.push_str(field.wire);
        encode(field.shape, name, view, out);
    });
}

fn encode(shape: Shape, name: String, view: View<'_>, out: &mut Vec<(String, String)>) {
    match view {
        View::Absent => {}
        View::List(list) if shape == Shape::JsonList => {
            out.push((name, json(&View::List(list)).to_string()));
        }
        View::List(list) if shape == Shape::JsonTextList => {
            out.push((name, json_text_list(list)));
        }
        View::List(list) => {
            for i in 0..list.len() {
                if let Some(item) = list.item(i) {
                    encode(
                        Shape::RepeatList,
                        format!("{name}.{}", i + 1),
                        item.view(),
                        out,
                    );
                }
            }
        }
        View::Struct(st) => encode_struct(st, &format!("{name}."), out),
        scalar => {
            if let Some(text) = scalar_text(&scalar) {
                out.push((name, text));
            }
        }
    }
}

/// `["0","19"]`: a list whose items the page types as strings, each scalar sent as its wire
/// text in a JSON string (structs and lists inside it as their JSON form).
fn json_text_list(list: &dyn List) -> String {
    let mut buf = Vec::with_capacity(2 + list.len() * 8);
    buf.push(b'[');
    for (n, item) in (0..list.len()).filter_map(|i| list.item(i)).enumerate() {
        if n > 0 {
            buf.push(b',');
        }
        let view = item.view();
        // Writing JSON into a Vec cannot fail.
        let _ = match &view {
            View::Str(s) => serde_json::to_writer(&mut buf, s),
            other => match scalar_text(other) {
                Some(text) => serde_json::to_writer(&mut buf, &text),
                None => serde_json::to_writer(&mut buf, &json(other)),
            },
        };
    }
    buf.push(b']');
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

/// Text of a scalar on the wire: booleans `true`/`false`, numbers in plain decimal.
pub fn scalar_text(view: &View<'_>) -> Option<String> {
    match view {
        View::Str(s) => Some((*s).to_string()),
        View::Int(i) => Some(i.to_string()),
        View::Float(x) => Some(x.to_string()),
        View::Bool(b) => Some(if *b { "true" } else { "false" }.to_string()),
        _ => None,
    }
}

/// JSON form of a value (JSON-array parameters; struct items use their wire field names).
pub fn json(view: &View<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    match view {
        View::Absent => J::Null,
        View::Str(s) => J::String((*s).to_string()),
        View::Int(i) => J::from(*i),
        View::Float(x) => serde_json::Number::from_f64(*x).map_or(J::Null, J::Number),
        View::Bool(b) => J::Bool(*b),
        View::List(list) => J::Array(
            (0..list.len())
                .filter_map(|i| list.item(i))
                .map(|v| json(&v.view()))
                .collect(),
        ),
        View::Struct(st) => {
            let mut map = serde_json::Map::new();
            for (field, value) in st.spec().fields.iter().zip(fields(*st)) {
                let v = value.view();
                if !matches!(v, View::Absent) {
                    map.insert(field.wire.to_string(), json(&v));
                }
            }
            J::Object(map)
        }
    }
}
