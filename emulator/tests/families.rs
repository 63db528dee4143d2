//! Stateful scenarios over the English corpus, sent signed the way the official SDKs send
//! them: instances (RunInstances with Amount 2, stop/start/reboot through their transient
//! states, delete refused while running), disks (attach, delete refused while attached,
//! detach, delete), security group rules (authorize, read back, revoke), joining a security
//! group, tag filters, paging over created resources, region and account scoping, and a
//! state file that survives a restart. Skipped (one line) without the corpus.

mod common;
use common::*;
use ecs_emulator::Emulator;
use serde_json::Value;
use std::path::PathBuf;

fn pages(test: &str) -> Option<Vec<ecs_codegen::ir::Page>> {
    let root = ecs_codegen::corpus(&format!("emulator families::{test}"))?;
    Some(ecs_codegen::parse_dir(&root.join("ecs/en-US")).expect("the corpus reads"))
}

async fn start(
    pages: Vec<ecs_codegen::ir::Page>,
    transition_ms: u64,
    file: Option<PathBuf>,
) -> Emulator {
    let mut b = Emulator::builder()
        .pages(pages)
        .access_key(ID, SECRET)
        .access_key("second", "other-secret")
        .seed(11)
        .transition_ms(transition_ms);
    if let Some(f) = file {
        b = b.state_file(f);
    }
    b.start().await.expect("starts")
}

/// One signed V3 call with these parameters (the region added when not given).
async fn call(emu: &Emulator, action: &str, params: &[(&str, &str)]) -> (u16, Value) {
    let mut ps = p(params);
    if !ps.iter().any(|(k, _)| k == "RegionId") {
        ps.push(("RegionId".into(), "cn-hangzhou".into()));
    }
    let mut req = V3::new(ps);
    req.action = action.into();
    json(req.send(emu).await).await
}

async fn ok(emu: &Emulator, action: &str, params: &[(&str, &str)]) -> Value {
    let (status, v) = call(emu, action, params).await;
    assert_eq!(status, 200, "{action}: {v}");
    v
}

fn items<'a>(v: &'a Value, list: &str, item: &str) -> &'a Vec<Value> {
    v[list][item]
        .as_array()
        .unwrap_or_else(|| panic!("{list}.{item} in {v}"))
}

/// Runs one instance and gives its id.
async fn run_one(emu: &Emulator) -> String {
    let run = ok(
        emu,
        "RunInstances",
        &[("ImageId", "m-1"), ("InstanceType", "ecs.g6.large")],
    )
    .await;
    items(&run, "InstanceIdSets", "InstanceIdSet")[0]
        .as_str()
        .unwrap()
        .to_string()
}

fn instance_status(v: &Value, id: &str) -> String {
    items(v, "Instances", "Instance")
        .iter()
        .find(|i| i["InstanceId"] == id)
        .map(|i| i["Status"].as_str().unwrap_or_default().to_string())
        .unwrap_or_else(|| panic!("{id} not in {v}"))
}

#[tokio::test]
async fn instances_run_in_numbers_and_move_through_their_states() {
    let Some(pages) = pages("instances") else {
        return;
    };
    let emu = start(pages, 150, None).await;
    let run = ok(
        &emu,
        "RunInstances",
        &[
            ("ImageId", "m-bp1g7004ksh0oeuc****"),
            ("InstanceType", "ecs.g6.large"),
            ("Amount", "2"),
            ("InstanceName", "web"),
            ("Tag.1.Key", "team"),
            ("Tag.1.Value", "blue"),
        ],
    )
    .await;
    let ids: Vec<String> = items(&run, "InstanceIdSets", "InstanceIdSet")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2, "{run}");
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().all(|i| i.starts_with("i-")), "{ids:?}");
    let json_ids = serde_json::to_string(&ids).unwrap();
    let listed = ok(&emu, "DescribeInstances", &[("InstanceIds", &json_ids)]).await;
    assert_eq!(listed["TotalCount"], 2, "{listed}");
    let first = &items(&listed, "Instances", "Instance")[0];
    assert_eq!(first["InstanceName"], "web");
    assert_eq!(first["InstanceType"], "ecs.g6.large");
    assert_eq!(first["RegionId"], "cn-hangzhou");
    assert_eq!(first["Tags"]["Tag"][0]["TagKey"], "team", "{first}");
    assert_eq!(instance_status(&listed, &ids[0]), "Pending");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let listed = ok(&emu, "DescribeInstances", &[("InstanceIds", &json_ids)]).await;
    assert_eq!(instance_status(&listed, &ids[0]), "Running");

    // Start while running: the page's IncorrectInstanceStatus row.
    let (status, v) = call(&emu, "StartInstance", &[("InstanceId", &ids[0])]).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (403, Some("IncorrectInstanceStatus")),
        "{v}"
    );
    // Delete while running, without Force: refused the same way.
    let (status, v) = call(&emu, "DeleteInstance", &[("InstanceId", &ids[0])]).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (403, Some("IncorrectInstanceStatus")),
        "{v}"
    );

    ok(&emu, "StopInstance", &[("InstanceId", &ids[0])]).await;
    let one = format!("[\"{}\"]", ids[0]);
    let v = ok(&emu, "DescribeInstances", &[("InstanceIds", &one)]).await;
    assert_eq!(instance_status(&v, &ids[0]), "Stopping");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let v = ok(&emu, "DescribeInstances", &[("InstanceIds", &one)]).await;
    assert_eq!(instance_status(&v, &ids[0]), "Stopped");
    // Status filters on the state.
    let stopped = ok(&emu, "DescribeInstances", &[("Status", "Stopped")]).await;
    assert_eq!(stopped["TotalCount"], 1, "{stopped}");

    emu.set_transition_ms(0);
    ok(&emu, "StartInstance", &[("InstanceId", &ids[0])]).await;
    ok(&emu, "RebootInstance", &[("InstanceId", &ids[0])]).await;
    let v = ok(&emu, "DescribeInstances", &[("InstanceIds", &one)]).await;
    assert_eq!(instance_status(&v, &ids[0]), "Running");

    // Deleted with Force; twice: the documented not-found row.
    ok(
        &emu,
        "DeleteInstance",
        &[("InstanceId", &ids[0]), ("Force", "true")],
    )
    .await;
    let (status, v) = call(
        &emu,
        "DeleteInstance",
        &[("InstanceId", &ids[0]), ("Force", "true")],
    )
    .await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (404, Some("InvalidInstanceId.NotFound")),
        "{v}"
    );
    let v = ok(&emu, "DescribeInstances", &[("InstanceIds", &json_ids)]).await;
    assert_eq!(v["TotalCount"], 1, "{v}");
    emu.shutdown().await;
}

#[tokio::test]
async fn a_disk_attached_to_an_instance_cannot_be_deleted_until_detached() {
    let Some(pages) = pages("disks") else { return };
    let emu = start(pages, 0, None).await;
    let instance = run_one(&emu).await;
    let disk = ok(
        &emu,
        "CreateDisk",
        &[
            ("ZoneId", "cn-hangzhou-g"),
            ("Size", "40"),
            ("DiskName", "data"),
            ("DiskCategory", "cloud_essd"),
        ],
    )
    .await["DiskId"]
        .as_str()
        .unwrap()
        .to_string();
    let ids = format!("[\"{disk}\"]");
    let v = ok(&emu, "DescribeDisks", &[("DiskIds", &ids)]).await;
    let d = &items(&v, "Disks", "Disk")[0];
    assert_eq!(
        (
            d["Status"].as_str(),
            d["Size"].as_i64(),
            d["DiskName"].as_str()
        ),
        (Some("Available"), Some(40), Some("data")),
        "{d}"
    );

    ok(
        &emu,
        "AttachDisk",
        &[("DiskId", &disk), ("InstanceId", &instance)],
    )
    .await;
    let v = ok(&emu, "DescribeDisks", &[("InstanceId", &instance)]).await;
    let d = &items(&v, "Disks", "Disk")[0];
    assert_eq!(
        (d["Status"].as_str(), d["InstanceId"].as_str()),
        (Some("In_use"), Some(instance.as_str())),
        "{d}"
    );

    let (status, v) = call(&emu, "DeleteDisk", &[("DiskId", &disk)]).await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (403, Some("DiskStillAttached")),
        "{v}"
    );
    // Attached twice: the disk is not Available.
    let (status, _) = call(
        &emu,
        "AttachDisk",
        &[("DiskId", &disk), ("InstanceId", &instance)],
    )
    .await;
    assert_eq!(status, 403);

    ok(
        &emu,
        "DetachDisk",
        &[("DiskId", &disk), ("InstanceId", &instance)],
    )
    .await;
    let v = ok(&emu, "DescribeDisks", &[("DiskIds", &ids)]).await;
    assert_eq!(items(&v, "Disks", "Disk")[0]["Status"], "Available");
    ok(&emu, "DeleteDisk", &[("DiskId", &disk)]).await;
    let v = ok(&emu, "DescribeDisks", &[("DiskIds", &ids)]).await;
    assert!(items(&v, "Disks", "Disk").is_empty(), "{v}");
    let (status, _) = call(
        &emu,
        "AttachDisk",
        &[("DiskId", &disk), ("InstanceId", &instance)],
    )
    .await;
    assert_eq!(status, 404);
    emu.shutdown().await;
}

#[tokio::test]
async fn security_group_rules_are_read_back_and_instances_join() {
    let Some(pages) = pages("security_groups") else {
        return;
    };
    let emu = start(pages, 0, None).await;
    let sg = ok(
        &emu,
        "CreateSecurityGroup",
        &[("SecurityGroupName", "web-sg"), ("Description", "web")],
    )
    .await["SecurityGroupId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(sg.starts_with("sg-"), "{sg}");
    let rule = [
        ("SecurityGroupId", sg.as_str()),
        ("IpProtocol", "tcp"),
        ("PortRange", "22/22"),
        ("SourceCidrIp", "10.0.0.0/8"),
    ];
    ok(&emu, "AuthorizeSecurityGroup", &rule).await;
    ok(
        &emu,
        "AuthorizeSecurityGroupEgress",
        &[
            ("SecurityGroupId", sg.as_str()),
            ("IpProtocol", "all"),
            ("PortRange", "-1/-1"),
            ("DestCidrIp", "0.0.0.0/0"),
        ],
    )
    .await;
    let v = ok(
        &emu,
        "DescribeSecurityGroupAttribute",
        &[("SecurityGroupId", &sg)],
    )
    .await;
    assert_eq!(v["SecurityGroupName"], "web-sg", "{v}");
    let perms = items(&v, "Permissions", "Permission");
    assert_eq!(perms.len(), 2, "{v}");
    let ingress = perms
        .iter()
        .find(|p| p["Direction"] == "ingress")
        .expect("ingress rule");
    assert_eq!(
        (
            ingress["PortRange"].as_str(),
            ingress["SourceCidrIp"].as_str()
        ),
        (Some("22/22"), Some("10.0.0.0/8"))
    );
    let v = ok(
        &emu,
        "DescribeSecurityGroupAttribute",
        &[("SecurityGroupId", &sg), ("Direction", "egress")],
    )
    .await;
    assert_eq!(items(&v, "Permissions", "Permission").len(), 1, "{v}");
    ok(&emu, "RevokeSecurityGroup", &rule).await;
    let v = ok(
        &emu,
        "DescribeSecurityGroupAttribute",
        &[("SecurityGroupId", &sg), ("Direction", "ingress")],
    )
    .await;
    assert!(items(&v, "Permissions", "Permission").is_empty(), "{v}");

    let instance = run_one(&emu).await;
    ok(
        &emu,
        "JoinSecurityGroup",
        &[("SecurityGroupId", &sg), ("InstanceId", &instance)],
    )
    .await;
    let v = ok(&emu, "DescribeInstances", &[("SecurityGroupId", &sg)]).await;
    assert_eq!(v["TotalCount"], 1, "{v}");
    ok(
        &emu,
        "LeaveSecurityGroup",
        &[("SecurityGroupId", &sg), ("InstanceId", &instance)],
    )
    .await;
    let v = ok(&emu, "DescribeInstances", &[("SecurityGroupId", &sg)]).await;
    assert_eq!(v["TotalCount"], 0, "{v}");
    emu.shutdown().await;
}

#[tokio::test]
async fn tags_filter_paging_runs_over_the_state_and_scopes_are_apart() {
    let Some(pages) = pages("tags_paging_scopes") else {
        return;
    };
    let emu = start(pages, 0, None).await;
    let mut made = Vec::new();
    for i in 0..5 {
        let team = if i % 2 == 0 { "blue" } else { "red" };
        let name = format!("kp-{i}");
        ok(
            &emu,
            "CreateKeyPair",
            &[
                ("KeyPairName", &name),
                ("Tag.1.Key", "team"),
                ("Tag.1.Value", team),
            ],
        )
        .await;
        made.push(name);
    }
    let (status, v) = call(&emu, "CreateKeyPair", &[("KeyPairName", "kp-0")]).await;
    assert_eq!(status / 100, 4, "a second key pair of one name: {v}");
    let blue = ok(
        &emu,
        "DescribeKeyPairs",
        &[("Tag.1.Key", "team"), ("Tag.1.Value", "blue")],
    )
    .await;
    assert_eq!(blue["TotalCount"], 3, "{blue}");
    // TagResources adds a tag the filter then finds.
    ok(
        &emu,
        "TagResources",
        &[
            ("ResourceType", "keypair"),
            ("ResourceId.1", "kp-1"),
            ("Tag.1.Key", "owner"),
            ("Tag.1.Value", "ops"),
        ],
    )
    .await;
    let v = ok(&emu, "DescribeKeyPairs", &[("Tag.1.Key", "owner")]).await;
    assert_eq!(v["TotalCount"], 1, "{v}");
    // Pages of 2 over 5: 2, 2, 1, in creation order.
    let mut seen = Vec::new();
    for page in 1..=3 {
        let v = ok(
            &emu,
            "DescribeKeyPairs",
            &[("PageSize", "2"), ("PageNumber", &page.to_string())],
        )
        .await;
        assert_eq!(v["TotalCount"], 5, "{v}");
        seen.extend(
            items(&v, "KeyPairs", "KeyPair")
                .iter()
                .map(|k| k["KeyPairName"].as_str().unwrap().to_string()),
        );
    }
    assert_eq!(seen, made);
    // Another region and another account see none of them.
    let v = ok(&emu, "DescribeKeyPairs", &[("RegionId", "cn-beijing")]).await;
    assert_eq!(v["TotalCount"], 0, "{v}");
    let mut req = V3::new(p(&[("RegionId", "cn-hangzhou")]));
    req.action = "DescribeKeyPairs".into();
    req.key_id = "second".into();
    req.secret = "other-secret".into();
    let (status, v) = json(req.send(&emu).await).await;
    assert_eq!((status, v["TotalCount"].as_i64()), (200, Some(0)), "{v}");
    emu.shutdown().await;
}

#[tokio::test]
async fn the_state_file_survives_a_restart() {
    let Some(pages) = pages("state_file") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("ecs-emulator-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let emu = start(pages.clone(), 0, Some(file.clone())).await;
    let id = ok(
        &emu,
        "CreateLaunchTemplate",
        &[("LaunchTemplateName", "lt-web"), ("ImageId", "m-1")],
    )
    .await["LaunchTemplateId"]
        .as_str()
        .unwrap()
        .to_string();
    let dset = ok(
        &emu,
        "CreateDeploymentSet",
        &[("DeploymentSetName", "spread")],
    )
    .await["DeploymentSetId"]
        .as_str()
        .unwrap()
        .to_string();
    emu.shutdown().await;
    assert!(file.exists());
    let emu = start(pages, 0, Some(file.clone())).await;
    assert_eq!(emu.resources(), 2);
    let v = ok(
        &emu,
        "DescribeLaunchTemplates",
        &[("LaunchTemplateId.1", &id)],
    )
    .await;
    let t = &items(&v, "LaunchTemplateSets", "LaunchTemplateSet")[0];
    assert_eq!(
        (
            t["LaunchTemplateId"].as_str(),
            t["LaunchTemplateName"].as_str()
        ),
        (Some(id.as_str()), Some("lt-web")),
        "{v}"
    );
    let v = ok(
        &emu,
        "DescribeDeploymentSets",
        &[("DeploymentSetIds", &format!("[\"{dset}\"]"))],
    )
    .await;
    assert_eq!(
        items(&v, "DeploymentSets", "DeploymentSet")[0]["DeploymentSetName"],
        "spread",
        "{v}"
    );
    emu.reset_state();
    assert_eq!(emu.resources(), 0);
    emu.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn relations_start_empty_and_answers_agree_with_the_describe() {
    let Some(pages) = pages("relations") else {
        return;
    };
    let emu = start(pages, 0, None).await;
    // A snapshot's disk is its `SourceDiskId`, and DescribeSnapshots' `DiskId` filters on it.
    let disk = ok(
        &emu,
        "CreateDisk",
        &[("ZoneId", "cn-hangzhou-g"), ("Size", "40")],
    )
    .await["DiskId"]
        .as_str()
        .unwrap()
        .to_string();
    let v = ok(
        &emu,
        "DescribeDisks",
        &[("DiskIds", &format!("[\"{disk}\"]"))],
    )
    .await;
    // A new disk is attached to nothing (the page's example names an instance).
    assert_eq!(items(&v, "Disks", "Disk")[0]["InstanceId"], "", "{v}");
    let snap = ok(&emu, "CreateSnapshot", &[("DiskId", &disk)]).await["SnapshotId"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &emu,
        "CreateSnapshot",
        &[("DiskId", "d-other0000000000000")],
    )
    .await;
    let v = ok(&emu, "DescribeSnapshots", &[("DiskId", &disk)]).await;
    let listed = items(&v, "Snapshots", "Snapshot");
    assert_eq!(listed.len(), 1, "{v}");
    assert_eq!(
        (
            listed[0]["SnapshotId"].as_str(),
            listed[0]["SourceDiskId"].as_str()
        ),
        (Some(snap.as_str()), Some(disk.as_str()))
    );

    // A deployment set's `Description` is its `DeploymentSetDescription`; a new set holds
    // none of the example's instances.
    let ds = ok(
        &emu,
        "CreateDeploymentSet",
        &[("DeploymentSetName", "spread"), ("Description", "web tier")],
    )
    .await["DeploymentSetId"]
        .as_str()
        .unwrap()
        .to_string();
    let ids = format!("[\"{ds}\"]");
    let v = ok(
        &emu,
        "DescribeDeploymentSets",
        &[("DeploymentSetIds", &ids)],
    )
    .await;
    let d = &items(&v, "DeploymentSets", "DeploymentSet")[0];
    assert_eq!(d["DeploymentSetDescription"], "web tier", "{d}");
    assert_eq!(d["InstanceIds"]["InstanceId"], serde_json::json!([]), "{d}");
    ok(
        &emu,
        "ModifyDeploymentSetAttribute",
        &[("DeploymentSetId", &ds), ("Description", "renamed")],
    )
    .await;
    let v = ok(
        &emu,
        "DescribeDeploymentSets",
        &[("DeploymentSetIds", &ids)],
    )
    .await;
    assert_eq!(
        items(&v, "DeploymentSets", "DeploymentSet")[0]["DeploymentSetDescription"],
        "renamed"
    );

    // A network interface: the create answers the state it starts in, it is attached to
    // nothing, and an unknown id gets the page's own not-found row (`InvalidEniId.NotFound`,
    // whose message is only `%s`: its description names the NetworkInterfaceId).
    emu.set_transition_ms(10_000);
    let created = ok(
        &emu,
        "CreateNetworkInterface",
        &[("VSwitchId", "vsw-1"), ("SecurityGroupId", "sg-1")],
    )
    .await;
    assert_eq!(created["Status"], "Creating", "{created}");
    let eni = created["NetworkInterfaceId"].as_str().unwrap().to_string();
    let v = ok(
        &emu,
        "DescribeNetworkInterfaces",
        &[("NetworkInterfaceId.1", &eni)],
    )
    .await;
    let n = &items(&v, "NetworkInterfaceSets", "NetworkInterfaceSet")[0];
    assert_eq!(
        (n["Status"].as_str(), n["InstanceId"].as_str()),
        (Some("Creating"), Some(""))
    );
    // What the create answered about it, the describe shows.
    assert_eq!(n["MacAddress"], created["MacAddress"], "{n}");
    emu.set_transition_ms(0);
    ok(
        &emu,
        "DeleteNetworkInterface",
        &[("NetworkInterfaceId", &eni)],
    )
    .await;
    let (status, v) = call(
        &emu,
        "DeleteNetworkInterface",
        &[("NetworkInterfaceId", &eni)],
    )
    .await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (404, Some("InvalidEniId.NotFound")),
        "{v}"
    );

    // A key pair's fingerprint as the create answered it.
    let created = ok(&emu, "CreateKeyPair", &[("KeyPairName", "fp")]).await;
    let v = ok(&emu, "DescribeKeyPairs", &[("KeyPairName", "fp")]).await;
    assert_eq!(
        items(&v, "KeyPairs", "KeyPair")[0]["KeyPairFingerPrint"],
        created["KeyPairFingerPrint"],
        "{v}"
    );

    // An attached network interface cannot be deleted: the page's InvalidEniState row.
    let eni = ok(
        &emu,
        "CreateNetworkInterface",
        &[("VSwitchId", "vsw-1"), ("SecurityGroupId", "sg-1")],
    )
    .await["NetworkInterfaceId"]
        .as_str()
        .unwrap()
        .to_string();
    let holder = run_one(&emu).await;
    ok(
        &emu,
        "AttachNetworkInterface",
        &[("NetworkInterfaceId", &eni), ("InstanceId", &holder)],
    )
    .await;
    let (status, v) = call(
        &emu,
        "DeleteNetworkInterface",
        &[("NetworkInterfaceId", &eni)],
    )
    .await;
    assert_eq!(
        (status, v["Code"].as_str()),
        (400, Some("InvalidOperation.InvalidEniState")),
        "{v}"
    );

    // AttachKeyPair answers a result per instance it was given, not the example's two.
    let instance = run_one(&emu).await;
    let v = ok(
        &emu,
        "AttachKeyPair",
        &[
            ("KeyPairName", "fp"),
            ("InstanceIds", &format!("[\"{instance}\"]")),
        ],
    )
    .await;
    let results = items(&v, "Results", "Result");
    assert_eq!(results.len(), 1, "{v}");
    assert_eq!(results[0]["InstanceId"], instance.as_str(), "{v}");
    assert_eq!(v["TotalCount"], 1, "{v}");

    // DeleteLaunchTemplate takes the id or the name: by name, then gone, then 404.
    ok(
        &emu,
        "CreateLaunchTemplate",
        &[("LaunchTemplateName", "by-name"), ("ImageId", "m-1")],
    )
    .await;
    let named = [("LaunchTemplateName", "by-name")];
    ok(&emu, "DeleteLaunchTemplate", &named).await;
    let v = ok(
        &emu,
        "DescribeLaunchTemplates",
        &[("LaunchTemplateName.1", "by-name")],
    )
    .await;
    assert_eq!(v["TotalCount"], 0, "{v}");
    let (status, v) = call(&emu, "DeleteLaunchTemplate", &named).await;
    assert_eq!(status, 404, "{v}");
    emu.shutdown().await;
}
