//! Type cells that do not say their type plainly, read by rule with the evidence named: a type
//! name misspelt by a small edit (`Interger`, `Boolen`, `Sting`), and a request row whose type
//! cell is empty while its example and its description agree on one type. Spellings that no rule
//! explains stay in `errata::TYPE_SPELLINGS`; this runs only where the cell is not understood.

use super::constraints;
use crate::ir::Language;

/// The type names a misspelling is measured against.
const TYPE_NAMES: &[&str] = &[
    "String", "Integer", "Long", "Float", "Double", "Boolean", "Struct", "Array",
];

/// A type read from a cell that did not say it, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Guess {
    /// The type name as a well-written cell would have it (`Integer`).
    pub name: &'static str,
    /// The evidence, for the warning.
    pub evidence: String,
}

/// The one type name within a small edit distance of `word` (one edit for words of up to five
/// letters, two for longer ones; a swap of two neighbours is one edit). None when `word` is no
/// single word, is a type name itself, or two names are as close.
pub(crate) fn misspelt(word: &str) -> Option<Guess> {
    let word = word.trim().trim_matches('`');
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let max = if word.len() <= 5 { 1 } else { 2 };
    let mut found = None;
    for name in TYPE_NAMES {
        let d = osa(lower.as_bytes(), name.to_ascii_lowercase().as_bytes());
        if d == 0 {
            return None;
        }
        if d <= max {
            if found.is_some() {
                return None;
            }
            found = Some((*name, d));
        }
    }
    found.map(|(name, d)| Guess {
        name,
        evidence: format!(
            "`{word}` is {d} edit{} from `{name}` and no other type name is as close",
            if d == 1 { "" } else { "s" }
        ),
    })
}

/// Optimal string alignment distance (Levenshtein plus the swap of two neighbours).
fn osa(a: &[u8], b: &[u8]) -> usize {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 2 {
        return 3;
    }
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// The scalar type an example cell shows: `true`/`false`, an integer, a decimal, or text.
fn example_type(example: &str) -> Option<&'static str> {
    let e = example.trim().trim_matches('`');
    if e.is_empty() {
        return None;
    }
    if e.eq_ignore_ascii_case("true") || e.eq_ignore_ascii_case("false") {
        return Some("Boolean");
    }
    let digits = e.strip_prefix('-').unwrap_or(e);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(match e.parse::<i32>() {
            Ok(_) => "Integer",
            Err(_) => "Long",
        });
    }
    if let Some((i, f)) = digits.split_once('.') {
        if !i.is_empty()
            && !f.is_empty()
            && i.bytes().all(|b| b.is_ascii_digit())
            && f.bytes().all(|b| b.is_ascii_digit())
        {
            return Some("Float");
        }
    }
    Some("String")
}

/// The kinds of value a description speaks of: a yes/no question, a count or a numeric range,
/// an identifier, a name or a text with a length.
fn description_types(description: &str, line: u32) -> Vec<&'static str> {
    let lower = description.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let mut out = Vec::new();
    if has(&["whether", "是否"]) {
        out.push("Boolean");
    }
    let (inferred, _) = constraints::infer(description, line, Language::En);
    let c = &inferred.constraints;
    let numeric_set =
        !c.enum_values.is_empty() && c.enum_values.iter().all(|v| v.value.parse::<i64>().is_ok());
    if !c.ranges.is_empty()
        || numeric_set
        || has(&[
            "number of",
            "page number",
            "page size",
            "数量",
            "个数",
            "页码",
            "总数",
        ])
    {
        out.extend(["Integer", "Long", "Float"]);
    }
    let word_set = !c.enum_values.is_empty() && !numeric_set;
    let bool_set = word_set
        && c.enum_values
            .iter()
            .all(|v| v.value.eq_ignore_ascii_case("true") || v.value.eq_ignore_ascii_case("false"));
    if bool_set {
        out.push("Boolean");
    } else if word_set
        || c.min_len.is_some()
        || c.max_len.is_some()
        || description.contains("ID")
        || has(&["name", "名称", "token", "description", "描述"])
    {
        out.push("String");
    }
    out
}

/// The type of a request row whose type cell is empty, when its example shows a type and its
/// description speaks of the same kind of value (`|PageSize| |No|10|The number of entries per
/// page. Maximum value: 100.|`).
pub(crate) fn empty_cell(example: &str, description: &str, line: u32) -> Option<Guess> {
    let from_example = example_type(example)?;
    let from_description = description_types(description, line);
    from_description.contains(&from_example).then(|| Guess {
        name: from_example,
        evidence: format!(
            "the type cell is empty; the example `{}` is a {} value and the description \
                 agrees",
            constraints::clip(example.trim(), 40),
            from_example.to_ascii_lowercase()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_type_name_is_the_one_name_near_it() {
        let name = |w: &str| misspelt(w).map(|g| g.name);
        assert_eq!(name("Interger"), Some("Integer"));
        assert_eq!(name("Integr"), Some("Integer"));
        assert_eq!(name("Boolen"), Some("Boolean"));
        assert_eq!(name("Sting"), Some("String"));
        assert_eq!(name("Strng"), Some("String"));
        assert_eq!(name("Dobule"), Some("Double"));
        assert_eq!(name("Flaot"), Some("Float"));
        assert_eq!(name("Arrary"), Some("Array"));
        // Type names, data types and words that are not near one name are left alone.
        for w in [
            "Integer",
            "string",
            "Link",
            "Zone",
            "Instance",
            "InstanceType",
            "Tag",
            "Price",
            "Json",
            "Item",
            "Date",
            "Map",
            "Lon g",
            "Int64",
            "",
        ] {
            assert_eq!(name(w), None, "{w}");
        }
        let g = misspelt("Interger").expect("guess");
        assert!(g.evidence.contains("`Interger` is 1 edit from `Integer`"));
    }

    #[test]
    fn an_empty_type_cell_is_read_when_example_and_description_agree() {
        let guess = |e: &str, d: &str| empty_cell(e, d, 1).map(|g| g.name);
        // `|PageSize| |否|10|分页查询时设置的每页行数。最大值：100。默认值：10。|`
        assert_eq!(
            guess("10", "分页查询时设置的每页行数。最大值：100。默认值：10。"),
            Some("Integer")
        );
        assert_eq!(
            guess("50", "The number of entries to return on each page."),
            Some("Integer")
        );
        assert_eq!(
            guess(
                "true",
                "Specifies whether to check the request without running it."
            ),
            Some("Boolean")
        );
        assert_eq!(guess("false", "是否只预检此次请求。"), Some("Boolean"));
        assert_eq!(
            guess("i-bp1g6zv0ce8oghu7****", "The ID of the instance."),
            Some("String")
        );
        assert_eq!(guess("cn-hangzhou", "实例所属的地域ID。"), Some("String"));
        // They disagree, or one of them says nothing: no guess.
        assert_eq!(guess("10", "The ID of the instance."), None);
        assert_eq!(guess("abc", "The number of instances."), None);
        assert_eq!(guess("", "The number of instances."), None);
        assert_eq!(guess("x", "Something."), None);
        let g = empty_cell("10", "The number of entries per page.", 1).expect("guess");
        assert!(g.evidence.contains("example `10`"), "{}", g.evidence);
    }
}
