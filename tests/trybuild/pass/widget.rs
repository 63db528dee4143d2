// A user crate using the attribute on a hand-written page.
#[ecs_client::ecs_action(spec = "trybuild/pages/CreateWidget.md")]
pub struct CreateWidget;

fn main() {
    let req = CreateWidget::builder()
        .region_id("cn-hangzhou")
        .size(40)
        .category("cloud_essd")
        .instance_ids(["i-1", "i-2"])
        .tag([create_widget::Tag {
            key: Some("env".into()),
            value: Some("prod".into()),
        }])
        .dry_run(true)
        .build()
        .expect("valid");
    assert_eq!(
        req.to_params(),
        vec![
            ("RegionId".to_string(), "cn-hangzhou".to_string()),
            ("Size".to_string(), "40".to_string()),
            ("Category".to_string(), "cloud_essd".to_string()),
            ("DryRun".to_string(), "true".to_string()),
            ("InstanceIds".to_string(), r#"["i-1","i-2"]"#.to_string()),
            ("Tag.1.Key".to_string(), "env".to_string()),
            ("Tag.1.Value".to_string(), "prod".to_string()),
        ]
    );
    assert_eq!(CreateWidget::ACTION, "CreateWidget");

    // Every violation at once.
    let err = CreateWidget::builder()
        .size(7)
        .widget_name("http://x")
        .instance_ids(["a", "b", "c", "d"])
        .build()
        .unwrap_err();
    let rules: Vec<(&str, &str)> = err.iter().map(|v| (v.param.as_str(), v.rule)).collect();
    assert_eq!(
        rules,
        [
            ("RegionId", "required"),
            ("Size", "range"),
            ("WidgetName", "not_prefix"),
            ("InstanceIds", "max_items"),
        ]
    );
    println!("{err}");

    // The escape hatch for stale docs.
    let unchecked = CreateWidget::builder()
        .region_id("cn-hangzhou")
        .size(7)
        .build_unchecked()
        .expect("only required fields are checked");
    assert!(unchecked.validate().is_err());
}
