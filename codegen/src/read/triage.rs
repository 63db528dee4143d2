//! The first stage: what kind of page this is, and why a page that is not an action page is
//! skipped (front matter, a title that is not an API name, a data-type page, no request
//! section, a ROA-style API). An action page leaves here with what names it.

use super::identity::*;
use super::sections::SectionKind;
use crate::ir::{Page, PageKind};
use crate::page::{Block, Doc, Heading};

/// What [`triage`] decided.
pub(super) enum Triage {
    /// Not read further: `page.skip_reason` says why.
    Skip,
    /// A data-type page: its H1.
    DataType(Heading),
    /// An action page.
    Action(Found),
}

/// What names an action page, as found by the triage.
pub(super) struct Found {
    pub h1: Heading,
    /// The request table's Action row, when the title is not an API name (CDN's zh-CN pages).
    pub row_name: Option<String>,
    /// The OpenAPI Explorer link: product, api and its line, version.
    pub link: Option<Link>,
}

pub(super) struct Link {
    pub product: String,
    pub api: (String, u32),
    pub version: Option<String>,
}

/// Sorts the page; sets `page.language`, and `page.kind`, `skip_reason` or `generation`.
pub(super) fn triage(doc: &Doc, text: &str, kinds: &[SectionKind], page: &mut Page) -> Triage {
    let h1 = match doc.preamble.first() {
        Some(Block::Heading(h)) if h.level == 1 && !doc.front_matter => h.clone(),
        _ => {
            page.skip_reason = Some(if doc.front_matter {
                "starts with YAML front matter (an overview or call-method page)".into()
            } else {
                "does not start with a `# Name` heading".into()
            });
            return Triage::Skip;
        }
    };
    let name_ok = is_action_name(&h1.text);
    page.language = Some(language_of(doc));
    // CDN's zh-CN pages are titled by what the action does (`# 修改HTTP头信息`); their
    // request table's Action row names the action.
    let mut row_name = None;
    if !name_ok {
        row_name = kinds
            .contains(&SectionKind::Request)
            .then(|| action_row_name(doc, kinds))
            .flatten();
        if row_name.is_none() {
            page.skip_reason = Some(format!(
                "the title `{}` is not an API name (an overview, appendix or call-method page)",
                h1.text
            ));
            return Triage::Skip;
        }
    }
    if kinds.contains(&SectionKind::Children) && !kinds.contains(&SectionKind::Request) {
        page.kind = PageKind::DataType;
        page.skip_reason = Some("data-type page: read for the responses that link to it".into());
        return Triage::DataType(h1);
    }
    if !kinds.contains(&SectionKind::Request) {
        page.skip_reason = Some(format!(
            "`{}` has no request-parameter section, so it is not an action page",
            h1.text
        ));
        return Triage::Skip;
    }
    // A plain substring search finds the link host; the regex then starts there.
    let link = memchr::memmem::find(text.as_bytes(), b"api.aliyun.com")
        .and_then(|at| API_LINK.captures_at(text, at));
    let link_type = link.as_ref().and_then(|c| c.get(3)).map(|t| t.as_str());
    if let Some(why) = roa_style(text, link_type, doc) {
        page.skip_reason = Some(why);
        return Triage::Skip;
    }
    page.kind = PageKind::Action;
    page.generation = Some(generation_of(h1.attrs.as_deref()));
    let link = link.map(|c| Link {
        product: c[1].to_string(),
        api: (
            c[2].to_string(),
            line_at(text, c.get(0).map_or(0, |m| m.start())),
        ),
        version: c.get(4).map(|v| v.as_str().to_string()),
    });
    Triage::Action(Found { h1, row_name, link })
}
