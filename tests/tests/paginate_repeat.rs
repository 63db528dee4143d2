//! Token paging against a service that repeats its `NextToken`, over loopback HTTP (a stub
//! service, so the answers are exactly the ones under test): a service that ignores the token
//! answers the first page again, which must not be yielded twice; a service that repeats a
//! token on a page with new items yields that page, then paging stops.

use ecs_client::{Client, Config, Credentials, RetryPolicy};
use futures_util::TryStreamExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[ecs_client::ecs_action(spec = "pages/ListWidgets.md")]
pub struct ListWidgets;

/// A stub service answering the `n`th call (from 0) with `answer(n)`; returns the client and
/// the call counter.
async fn stub(answer: fn(usize) -> serde_json::Value) -> (Client, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let app = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let mut body = answer(n);
            body["RequestId"] = serde_json::Value::String(format!("request-{n}"));
            (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::new(
        Config::builder()
            .endpoint(endpoint)
            .credentials(Credentials::new("id", "stub-secret"))
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap(),
    );
    (client, calls)
}

fn request() -> ListWidgets {
    ListWidgets::builder()
        .region_id("cn-hangzhou")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_service_ignoring_the_token_does_not_yield_its_page_twice() {
    let (client, calls) =
        stub(|_| serde_json::json!({"NextToken": "t1", "WidgetIds": {"WidgetId": ["w-1", "w-2"]}}))
            .await;
    let ids: Vec<String> = client
        .paginate(request())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["w-1", "w-2"]);
    // The second answer was asked for (that is how the repeat shows) and then left out.
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_repeated_token_on_a_new_page_yields_it_then_stops() {
    let (client, calls) = stub(|n| match n {
        0 => serde_json::json!({"NextToken": "t1", "WidgetIds": {"WidgetId": ["w-1", "w-2"]}}),
        1 => serde_json::json!({"NextToken": "t2", "WidgetIds": {"WidgetId": ["w-3", "w-4"]}}),
        _ => serde_json::json!({"NextToken": "t1", "WidgetIds": {"WidgetId": ["w-5"]}}),
    })
    .await;
    let ids: Vec<String> = client
        .paginate(request())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["w-1", "w-2", "w-3", "w-4", "w-5"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}
