//! No secret in `Debug`, over every action page of `ecs/en-US`: a client is generated from the
//! pages (through `ecs_actions!(dir_env = ..)`, as the corpus round trip does) in a scratch
//! crate, and for every action with a field `ecs_codegen::secret` marks secret
//!
//! - the request is rebuilt with `X::from_params` from its required parameters (a value of
//!   the right type) and every secret-marked field at any depth set to a sentinel,
//! - the builder gets every top-level secret-marked field through its setter,
//! - the response is decoded from JSON holding the sentinel in every secret-marked field,
//!
//! and `{:?}` and `{:#?}` of each must not contain the sentinel while showing `***` at least
//! once per secret set (so a value that did not land would fail too). The requests also show
//! that pages read from an absolute folder are named from their spec root (`en-US/X.md`) in
//! generated code, not by the building machine's path. Skipped, with one line, when the
//! corpus is absent.

use ecs_codegen::ir::{Field, Page, PageKind, Param, Type};
use ecs_codegen::rules::{shape_of, ShapeData};
use ecs_codegen::secret::{field_is_secret, param_is_secret};
use serde_json::{json, Value};
use std::fmt::Write as _;

const SENTINEL: &str = "Hunter2-Secret!";

#[test]
fn no_secret_marked_field_of_any_en_us_action_prints_its_value() {
    let Some(root) = ecs_codegen::corpus("secret_debug_corpus") else {
        return;
    };
    let dir = root.join("ecs/en-US");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut pages = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("page");
        let page = ecs_codegen::parse_page(&f.display().to_string(), &text);
        if page.kind == PageKind::Action {
            pages.push(page);
        }
    }
    let names = ecs_tests::module_names(&pages);
    let (mut requests, mut builders, mut responses) = (String::new(), String::new(), String::new());
    let mut found = Vec::new();
    for (page, (module, name)) in pages.iter().zip(&names) {
        let action = page.action.clone().unwrap_or_default();
        let ty = format!("crate::en_us::{module}::{name}");
        let short = page.file.rsplit('/').next().unwrap_or_default().to_string();
        // Request: from_params with required parameters and every secret.
        let mut paths = Vec::new();
        secret_paths(&page.params, "", &mut paths);
        if !paths.is_empty() {
            let mut params = Vec::new();
            let set = flat(&page.params, "", true, &mut params);
            assert_eq!(set, paths.len(), "{short}: every secret gets the sentinel");
            let pairs: String = params
                .iter()
                .map(|(k, v)| format!("({k:?}, {v:?}), "))
                .collect();
            let _ = writeln!(
                requests,
                "    req::<{ty}>({:?}, &[{pairs}], {set}, &mut failures);",
                format!("{short} request")
            );
            for p in &paths {
                found.push(format!("{action} request {p}"));
            }
            // Builder: every top-level secret through its setter (nested ones are the request's
            // own nested types, printed by the request's Debug above).
            let calls = setter_calls(page);
            if !calls.is_empty() {
                let n = calls.len();
                let chain: String = calls.concat();
                let _ = writeln!(
                    builders,
                    "    check({:?}, &{ty}::builder(){chain}, {n}, &mut failures);",
                    format!("{short} builder")
                );
            }
        }
        // Response: decoded from JSON with every secret set.
        let mut rpaths = Vec::new();
        secret_field_paths(&page.response.fields, "", &mut rpaths);
        if !rpaths.is_empty() {
            let (body, set) = response_json(&page.response.fields);
            assert_eq!(
                set,
                rpaths.len(),
                "{short}: every response secret gets the sentinel"
            );
            let body = serde_json::to_string(&Value::Object(body)).expect("json");
            let _ = writeln!(
                responses,
                "    resp::<{ty}Response>({:?}, {body:?}, {set}, &mut failures);",
                format!("{short} response")
            );
            for p in &rpaths {
                found.push(format!("{action} response {p}"));
            }
        }
    }
    println!(
        "{} action pages; secret-marked fields: {}",
        pages.len(),
        found.len()
    );
    for f in &found {
        println!("  {f}");
    }
    // The rule must keep finding the corpus's known secrets (a rule that finds nothing would
    // make this test pass for nothing).
    for known in [
        "CreateInstance request Password",
        "RunInstances request Password",
        "ModifyInstanceVncPasswd request VncPassword",
        "CreateKeyPair response PrivateKeyBody",
    ] {
        assert!(
            found.iter().any(|f| f == known),
            "not marked secret: {known}"
        );
    }
    let lib = format!(
        "//! @generated by the ecs-tests corpus redaction test.\n#![deny(warnings)]\n#![allow(clippy::all)]\n\n\
         pub mod en_us {{\n    ecs_client::ecs_actions!(dir = \"unset\", dir_env = \"ECS_SECRET_SPECS\");\n}}\n\n\
         #[cfg(test)]\nmod redaction {{\n{HARNESS}\n\
         #[test]\nfn requests() {{\n    let mut failures = Vec::new();\n{requests}    report(failures);\n}}\n\n\
         #[test]\nfn builders() {{\n    let mut failures = Vec::new();\n{builders}    report(failures);\n}}\n\n\
         #[test]\nfn responses() {{\n    let mut failures = Vec::new();\n{responses}    report(failures);\n}}\n}}\n"
    );
    let deps = [
        ecs_tests::client_dependency(),
        "serde_json = \"1\"".to_string(),
    ]
    .join("\n");
    let specs = dir.display().to_string();
    let run = ecs_tests::build_and_test(
        "secret-debug-corpus",
        &deps,
        &lib,
        &[("ECS_SECRET_SPECS", &specs)],
    );
    println!("{}", ecs_tests::tail(&run.stdout, 40));
    println!(
        "redaction crate built and run in {:.1}s, {} warnings",
        run.elapsed.as_secs_f64(),
        run.warnings
    );
    assert!(
        run.success,
        "redaction test failed:\n{}\n{}",
        ecs_tests::tail(&run.stdout, 80),
        ecs_tests::tail(&run.stderr, 120)
    );
    assert_eq!(run.warnings, 0, "{}", ecs_tests::tail(&run.stderr, 120));
    // Every case ran: the harness prints one line per test with its count.
    let ran: usize = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("redaction cases checked: "))
        .filter_map(|n| n.trim().parse::<usize>().ok())
        .sum();
    let expected = requests.lines().count() + builders.lines().count() + responses.lines().count();
    assert_eq!(ran, expected, "cases checked");
}

/// The scratch crate's checks.
const HARNESS: &str = r#"
use std::fmt::Debug;

const SENTINEL: &str = "Hunter2-Secret!";

/// `{:?}` and `{:#?}` of `value` hold no sentinel and at least `set` `***`.
fn check(what: &str, value: &dyn Debug, set: usize, failures: &mut Vec<String>) {
    CASES.with(|c| c.set(c.get() + 1));
    for text in [format!("{value:?}"), format!("{value:#?}")] {
        if text.contains(SENTINEL) {
            failures.push(format!("{what}: prints a secret: {text}"));
        } else if text.matches("***").count() < set {
            failures.push(format!("{what}: {set} secrets set, fewer shown as ***: {text}"));
        }
    }
}

fn req<A: ecs_client::Action + ecs_client::params::FromParam + Debug>(
    what: &str,
    params: &[(&str, &str)],
    set: usize,
    failures: &mut Vec<String>,
) {
    let params: Vec<(String, String)> =
        params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    match ecs_client::params::from_params::<A>(A::ACTION, &params) {
        Ok(request) => {
            check(what, &request, set, failures);
            // The pages were read from an absolute folder (`dir_env`); generated code names
            // them from their spec root, never by the building machine's path.
            let page = ecs_client::model::Struct::spec(&request).page;
            if !page.starts_with("en-US/") {
                failures.push(format!("{what}: page named {page:?}, not from its spec root"));
            }
        }
        Err(e) => failures.push(format!("{what}: does not build: {e}")),
    }
}

fn resp<R: ecs_client::__private::serde::de::DeserializeOwned + Debug>(
    what: &str,
    body: &str,
    set: usize,
    failures: &mut Vec<String>,
) {
    match serde_json::from_str::<R>(body) {
        Ok(response) => check(what, &response, set, failures),
        Err(e) => failures.push(format!("{what}: does not decode: {e}")),
    }
}

fn report(failures: Vec<String>) {
    for f in &failures {
        println!("  FAILED: {f}");
    }
    assert!(failures.is_empty(), "{} redaction failures", failures.len());
    println!("redaction cases checked: {}", CASES.with(|c| c.get()));
}

thread_local!(static CASES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
"#;

/// Dotted paths of the secret-marked request parameters.
fn secret_paths(params: &[Param], prefix: &str, out: &mut Vec<String>) {
    for p in params {
        let path = format!("{prefix}{}", p.name);
        if param_is_secret(p) {
            out.push(path.clone());
        }
        secret_paths(&p.fields, &format!("{path}."), out);
        if let Some(item) = &p.item {
            secret_paths(&item.fields, &format!("{path}.N."), out);
        }
    }
}

fn has_secret(p: &Param) -> bool {
    param_is_secret(p)
        || p.fields.iter().any(has_secret)
        || p.item
            .as_ref()
            .is_some_and(|i| i.fields.iter().any(has_secret))
}

/// A value of the parameter's scalar type, as wire text.
fn dummy(p: &Param) -> String {
    if let Some(v) = p.constraints.enum_values.first() {
        return v.value.clone();
    }
    if let Some([lo, _]) = p.constraints.ranges.first() {
        return lo.to_string();
    }
    match p.ty {
        Type::Integer | Type::Long | Type::Float | Type::Double => "1".to_string(),
        Type::Boolean => "true".to_string(),
        Type::Json => "{}".to_string(),
        _ => "x".to_string(),
    }
}

/// The same value as a JSON array item.
fn dummy_json(p: &Param, as_text: bool) -> Value {
    let text = dummy(p);
    match p.ty {
        Type::Integer | Type::Long | Type::Float | Type::Double if !as_text => {
            serde_json::from_str(&text).unwrap_or(json!(1))
        }
        Type::Boolean => json!(true),
        _ => Value::String(text),
    }
}

/// Flat wire parameters for one level: every required parameter with a value of its type and
/// every secret-marked one (at any depth) with the sentinel. Returns how many secrets it set.
fn flat(params: &[Param], prefix: &str, top: bool, out: &mut Vec<(String, String)>) -> usize {
    let mut set = 0;
    for p in params {
        if top && (p.name == "Action" || ecs_tests::COMMON_PARAMS.contains(&p.name.as_str())) {
            continue;
        }
        if !p.required && !has_secret(p) {
            continue;
        }
        let name = format!("{prefix}{}", p.name);
        let secret = param_is_secret(p);
        set += usize::from(secret);
        let value = |p: &Param| {
            if secret {
                SENTINEL.to_string()
            } else {
                dummy(p)
            }
        };
        match shape_of(p) {
            ShapeData::Scalar | ShapeData::Json => out.push((name, value(p))),
            ShapeData::Struct => set += flat_nonempty(&p.fields, &format!("{name}."), out),
            ShapeData::RepeatList => match p.item.as_deref() {
                Some(item) if !item.fields.is_empty() => {
                    set += flat_nonempty(&item.fields, &format!("{name}.1."), out)
                }
                item => out.push((format!("{name}.1"), value(item.unwrap_or(p)))),
            },
            shape @ (ShapeData::JsonList | ShapeData::JsonTextList) => {
                let v = match p.item.as_deref() {
                    Some(item) if !item.fields.is_empty() => {
                        let (obj, n) = json_object(&item.fields);
                        set += n;
                        Value::Object(obj)
                    }
                    item => {
                        let item = item.unwrap_or(p);
                        if secret {
                            Value::String(SENTINEL.to_string())
                        } else {
                            dummy_json(item, shape == ShapeData::JsonTextList)
                        }
                    }
                };
                out.push((name, Value::Array(vec![v]).to_string()));
            }
        }
    }
    set
}

/// [`flat`] for a struct or list item that must hold at least one field.
fn flat_nonempty(fields: &[Param], prefix: &str, out: &mut Vec<(String, String)>) -> usize {
    let before = out.len();
    let set = flat(fields, prefix, false, out);
    if out.len() == before {
        if let Some(first) = fields
            .iter()
            .find(|f| f.fields.is_empty() && f.item.is_none())
        {
            out.push((format!("{prefix}{}", first.name), dummy(first)));
        }
    }
    set
}

/// A JSON object for a struct item of a JSON list: required and secret-holding fields.
fn json_object(fields: &[Param]) -> (serde_json::Map<String, Value>, usize) {
    let mut obj = serde_json::Map::new();
    let mut set = 0;
    for f in fields {
        if !f.required && !has_secret(f) {
            continue;
        }
        let v = if param_is_secret(f) {
            set += 1;
            Value::String(SENTINEL.to_string())
        } else if !f.fields.is_empty() {
            let (o, n) = json_object(&f.fields);
            set += n;
            Value::Object(o)
        } else {
            dummy_json(f, false)
        };
        obj.insert(f.name.clone(), v);
    }
    if obj.is_empty() {
        if let Some(first) = fields.first() {
            obj.insert(first.name.clone(), dummy_json(first, false));
        }
    }
    (obj, set)
}

/// The builder setter calls for the top-level secrets (the emitter's field names: the row's
/// Rust name, unique at its level, `set_` before a reserved one).
fn setter_calls(page: &Page) -> Vec<String> {
    const RESERVED: &[&str] = &[
        "build",
        "build_unchecked",
        "default",
        "clone",
        "send",
        "into_paginator",
    ];
    let mut scope = ecs_codegen::names::Scope::default();
    let mut calls = Vec::new();
    for p in &page.params {
        if p.name == "Action" && p.fields.is_empty() && p.item.is_none() {
            // The emitter drops the row that restates the action.
            let action = page.action.as_deref().unwrap_or_default();
            if p.constraints.enum_values.iter().all(|v| v.value == action)
                || p.example.as_deref() == Some(action)
            {
                continue;
            }
        }
        let base = if p.rust_name.trim().is_empty() {
            ecs_codegen::names::snake(&p.name)
        } else {
            p.rust_name.clone()
        };
        let field = scope.unique(ecs_codegen::emit::ident(&base).to_string());
        if !param_is_secret(p) {
            continue;
        }
        let setter = if RESERVED.contains(&field.as_str()) {
            format!("set_{field}")
        } else {
            field
        };
        let is_list = p.ty == Type::List || (p.item.is_some() && p.fields.is_empty());
        calls.push(if is_list {
            format!(".{setter}([{SENTINEL:?}])")
        } else {
            format!(".{setter}({SENTINEL:?})")
        });
    }
    calls
}

/// Dotted paths of the secret-marked response fields.
fn secret_field_paths(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        let path = format!("{prefix}{}", f.name);
        if field_is_secret(f) {
            out.push(path.clone());
        }
        secret_field_paths(&f.fields, &format!("{path}."), out);
        if let Some(item) = &f.item {
            secret_field_paths(&item.fields, &format!("{path}[]."), out);
        }
    }
}

fn field_has_secret(f: &Field) -> bool {
    field_is_secret(f)
        || f.fields.iter().any(field_has_secret)
        || f.item
            .as_ref()
            .is_some_and(|i| i.fields.iter().any(field_has_secret))
}

/// A response body with the sentinel in every secret-marked field (lists wrapped as the page's
/// example wraps them); returns it and the number of secrets.
fn response_json(fields: &[Field]) -> (serde_json::Map<String, Value>, usize) {
    let mut obj = serde_json::Map::new();
    let mut set = 0;
    for f in fields {
        if !field_has_secret(f) {
            continue;
        }
        let is_list = f.ty == Type::List || f.item.is_some();
        let v = if field_is_secret(f) {
            set += 1;
            let s = Value::String(SENTINEL.to_string());
            if is_list {
                Value::Array(vec![s])
            } else {
                s
            }
        } else if let Some(item) = f.item.as_deref().filter(|_| is_list) {
            let (o, n) = response_json(&item.fields);
            set += n;
            Value::Array(vec![Value::Object(o)])
        } else {
            let (o, n) = response_json(&f.fields);
            set += n;
            Value::Object(o)
        };
        let v = match (&f.wrapper, is_list) {
            (Some(w), true) => json!({ w.clone(): v }),
            _ => v,
        };
        obj.insert(f.name.clone(), v);
    }
    (obj, set)
}
