//! Pagination: actions whose page documents `PageNumber`/`PageSize` or
//! `NextToken`/`MaxResults` get `.into_paginator()`, a [`futures_util::Stream`] of pages, and
//! `.items()` where the response has one list.
//!
//! Stops: page numbers end when `PageNumber * PageSize` reaches `TotalCount`, on an empty or
//! short page, or when the answer says nothing of its size; tokens end on an empty or missing
//! `NextToken`, and on a token already seen (a service that hands out the same token again
//! would otherwise loop forever). A page that carries an already-seen token and is the same as
//! the page that first carried it (a service ignoring the token answers the same page again)
//! is not yielded a second time; one with other contents is yielded, and paging stops.

use crate::client::{decode, raw_call, Client, RawFailure};
use crate::error::{ActionError, ErrorMeta};
use crate::sdk_error::SdkError;
use crate::validate::ValidationErrors;
use crate::Action;
use futures_util::stream::{self, Stream, StreamExt};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

/// How an action pages, by the wire names of its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `PageNumber` (from 1) and `PageSize`; the answer echoes them with `TotalCount`.
    Pages {
        number: &'static str,
        size: &'static str,
    },
    /// `NextToken` in the request and the answer, `MaxResults` for the page size.
    Tokens {
        token: &'static str,
        max: &'static str,
    },
}

/// An action that pages (generated for every action with paging parameters).
pub trait Paginated: Action {
    const PAGING: Paging;
    /// Items on a page, when the response has one list (for empty-page detection).
    fn page_len(_response: &Self::Response) -> Option<usize> {
        None
    }
}

/// A paging action whose response has one list.
pub trait PageItems: Paginated {
    type Item: Send + 'static;
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
}

type PageStream<R, E> = Pin<Box<dyn Stream<Item = Result<R, SdkError<E>>> + Send>>;

/// The pages of a paginated call, as a `Stream`. A failed page ends the stream after its
/// error.
pub struct Paginator<A: Paginated> {
    pages: PageStream<A::Response, A::Error>,
}

impl<A: Paginated> Stream for Paginator<A> {
    type Item = Result<A::Response, SdkError<A::Error>>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.pages.as_mut().poll_next(cx)
    }
}

impl<A: PageItems> Paginator<A> {
    /// Every item of every page, in order.
    pub fn items(self) -> impl Stream<Item = Result<A::Item, SdkError<A::Error>>> + Send {
        self.pages.flat_map(|page| {
            let items: Vec<Result<A::Item, SdkError<A::Error>>> = match page {
                Ok(r) => A::into_items(r).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        })
    }
}

struct State {
    client: Client,
    params: Vec<(String, String)>,
    region_param: Option<&'static str>,
    seen: Seen,
    done: bool,
}

/// The tokens handed out so far, each with the fingerprint of the page that carried it
/// (`None`: the caller's own starting token).
pub(crate) type Seen = HashMap<String, Option<u64>>;

/// What follows a page.
#[derive(Debug, PartialEq)]
pub(crate) enum Next {
    /// Ask for the next page with these parameters.
    More(Vec<(String, String)>),
    /// This page is the last one.
    Last,
    /// This page repeats one already yielded (same token, same contents): drop it and stop.
    Repeat,
}

/// The page's contents without its `RequestId` (which differs on every answer), hashed.
fn fingerprint(answer: &serde_json::Value) -> u64 {
    let mut h = DefaultHasher::new();
    match answer {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if k != "RequestId" {
                    k.hash(&mut h);
                    v.to_string().hash(&mut h);
                }
            }
        }
        other => other.to_string().hash(&mut h),
    }
    h.finish()
}

impl<A: Paginated> Paginator<A>
where
    A::Response: Send,
{
    /// The pages of `request` (or its validation error, as the stream's one item).
    pub fn new(client: Client, request: Result<A, ValidationErrors>) -> Self {
        let request = match request {
            Ok(r) => r,
            Err(e) => {
                return Paginator {
                    pages: Box::pin(stream::once(async move { Err(SdkError::Construction(e)) })),
                }
            }
        };
        let retryable = |m: &ErrorMeta| A::Error::from_meta(m.clone()).meta().is_retryable();
        let first = raw_call::<A>(&request, &retryable);
        let mut seen = Seen::new();
        if let Paging::Tokens { token, .. } = A::PAGING {
            // A token the caller starts from counts as handed out.
            if let Some(t) = param(&first.params, token).filter(|t| !t.is_empty()) {
                seen.insert(t.to_string(), None);
            }
        }
        let state = State {
            client,
            params: first.params,
            region_param: first.region_param,
            seen,
            done: false,
        };
        let pages = stream::unfold(state, |mut st| async move {
            if st.done {
                return None;
            }
            let retryable = |m: &ErrorMeta| A::Error::from_meta(m.clone()).meta().is_retryable();
            let call = crate::client::RawCall {
                product: A::PRODUCT,
                action: A::ACTION,
                version: A::VERSION,
                params: st.params.clone(),
                idempotent: true,
                retryable: &retryable,
                region_param: st.region_param,
            };
            let value = match st.client.call_raw(call).await {
                Ok(v) => v,
                Err(e) => {
                    st.done = true;
                    return Some((Err(RawFailure::into_sdk(e)), st));
                }
            };
            let page = match decode::<A>(&value) {
                Ok(p) => p,
                Err(e) => {
                    st.done = true;
                    return Some((Err(SdkError::Response(e)), st));
                }
            };
            match next_params(
                A::PAGING,
                &st.params,
                &value,
                A::page_len(&page),
                &mut st.seen,
            ) {
                Next::More(p) => st.params = p,
                Next::Last => st.done = true,
                Next::Repeat => return None,
            }
            Some((Ok(page), st))
        });
        Paginator {
            pages: Box::pin(pages),
        }
    }
}

/// A number from an answer, sent as a number or a string.
fn number(v: &serde_json::Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn set(params: &mut Vec<(String, String)>, name: &str, value: String) {
    match params
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
    {
        Some((_, v)) => *v = value,
        None => params.push((name.to_string(), value)),
    }
}

/// What follows the page `answer` (asked for with `params`).
pub(crate) fn next_params(
    paging: Paging,
    params: &[(String, String)],
    answer: &serde_json::Value,
    page_len: Option<usize>,
    seen: &mut Seen,
) -> Next {
    match next_page(paging, params, answer, page_len, seen) {
        Ok(next) => Next::More(next),
        Err(stop) => stop,
    }
}

fn next_page(
    paging: Paging,
    params: &[(String, String)],
    answer: &serde_json::Value,
    page_len: Option<usize>,
    seen: &mut Seen,
) -> Result<Vec<(String, String)>, Next> {
    if page_len == Some(0) {
        return Err(Next::Last);
    }
    let mut next = params.to_vec();
    match paging {
        Paging::Tokens { token, .. } => {
            let t = answer.get(token).and_then(|v| v.as_str()).unwrap_or("");
            if t.is_empty() {
                return Err(Next::Last);
            }
            let print = fingerprint(answer);
            if let Some(first) = seen.get(t) {
                let repeat = *first == Some(print);
                tracing::warn!(
                    repeat,
                    "the service repeated a NextToken; paging stops{}",
                    if repeat {
                        " (its page repeats an earlier one and is left out)"
                    } else {
                        ""
                    }
                );
                return Err(if repeat { Next::Repeat } else { Next::Last });
            }
            seen.insert(t.to_string(), Some(print));
            set(&mut next, token, t.to_string());
        }
        Paging::Pages { number: n, size: s } => {
            let current = number(answer, n)
                .or_else(|| param(params, n).and_then(|v| v.parse().ok()))
                .unwrap_or(1);
            let size = number(answer, s).or_else(|| param(params, s).and_then(|v| v.parse().ok()));
            let total = number(answer, "TotalCount");
            match (total, size) {
                (Some(total), Some(size)) if current.saturating_mul(size) >= total => {
                    return Err(Next::Last)
                }
                (Some(_), Some(_)) => {}
                (None, Some(size)) => match page_len {
                    Some(len) if (len as u64) < size => return Err(Next::Last),
                    Some(_) => {}
                    None => return Err(Next::Last),
                },
                _ => return Err(Next::Last),
            }
            if let (Some(size), Some(len)) = (size, page_len) {
                if (len as u64) < size {
                    return Err(Next::Last);
                }
            }
            set(&mut next, n, (current + 1).to_string());
        }
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PAGES: Paging = Paging::Pages {
        number: "PageNumber",
        size: "PageSize",
    };
    const TOKENS: Paging = Paging::Tokens {
        token: "NextToken",
        max: "MaxResults",
    };

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn more(n: Next) -> Vec<(String, String)> {
        match n {
            Next::More(p) => p,
            other => panic!("expected another page, got {other:?}"),
        }
    }

    #[test]
    fn page_numbers_stop_at_the_total() {
        let mut seen = Seen::new();
        let start = p(&[("RegionId", "r"), ("PageSize", "10")]);
        let next = more(next_params(
            PAGES,
            &start,
            &json!({"PageNumber": 1, "PageSize": 10, "TotalCount": 25}),
            Some(10),
            &mut seen,
        ));
        assert_eq!(param(&next, "PageNumber"), Some("2"));
        let last = json!({"PageNumber": "3", "PageSize": "10", "TotalCount": "25"});
        assert_eq!(
            next_params(PAGES, &next, &last, Some(5), &mut seen),
            Next::Last
        );
        // An empty page ends it whatever the total says.
        let answer = json!({"TotalCount": 99});
        assert_eq!(
            next_params(PAGES, &next, &answer, Some(0), &mut seen),
            Next::Last
        );
        // A short page ends it when there is no total.
        let answer = json!({"PageSize": 10});
        assert_eq!(
            next_params(PAGES, &next, &answer, Some(3), &mut seen),
            Next::Last
        );
        // Nothing known of the size: one page only.
        assert_eq!(
            next_params(PAGES, &start, &json!({}), None, &mut seen),
            Next::Last
        );
    }

    #[test]
    fn tokens_stop_when_empty_or_repeated() {
        let mut seen = Seen::new();
        let start = p(&[("MaxResults", "2")]);
        let a = json!({"RequestId": "1", "NextToken": "a", "Items": [1, 2]});
        let next = more(next_params(TOKENS, &start, &a, Some(2), &mut seen));
        assert_eq!(param(&next, "NextToken"), Some("a"));
        let b = json!({"RequestId": "2", "NextToken": "b", "Items": [3, 4]});
        let next = more(next_params(TOKENS, &next, &b, Some(2), &mut seen));
        assert_eq!(param(&next, "NextToken"), Some("b"));
        // Token `a` again, on a page with other items: the page is new, paging stops.
        let c = json!({"RequestId": "3", "NextToken": "a", "Items": [5]});
        assert_eq!(
            next_params(TOKENS, &next, &c, Some(1), &mut seen),
            Next::Last
        );
        let empty = json!({"NextToken": ""});
        assert_eq!(
            next_params(TOKENS, &next, &empty, Some(2), &mut seen),
            Next::Last
        );
        assert_eq!(
            next_params(TOKENS, &next, &json!({}), Some(2), &mut seen),
            Next::Last
        );
    }

    #[test]
    fn a_repeated_token_on_a_repeated_page_drops_the_page() {
        // A service that ignores NextToken answers the first page again, with the same token
        // and a fresh RequestId: that page is not yielded twice.
        let mut seen = Seen::new();
        let first = json!({"RequestId": "1", "NextToken": "a", "Items": [1, 2]});
        let next = more(next_params(TOKENS, &p(&[]), &first, Some(2), &mut seen));
        let again = json!({"RequestId": "2", "NextToken": "a", "Items": [1, 2]});
        assert_eq!(
            next_params(TOKENS, &next, &again, Some(2), &mut seen),
            Next::Repeat
        );
    }

    #[test]
    fn the_callers_starting_token_counts_as_seen() {
        // Started from token `s`; the service answers with `s` again: new items, last page.
        let mut seen = Seen::from([("s".to_string(), None)]);
        let answer = json!({"RequestId": "1", "NextToken": "s", "Items": [7]});
        let start = p(&[("NextToken", "s")]);
        assert_eq!(
            next_params(TOKENS, &start, &answer, Some(1), &mut seen),
            Next::Last
        );
    }
}
