// Typed lifecycles through a client generated from every en-US page, against the stateful
// emulator serving the same pages: included into the corpus round-trip crate by
// `tests/tests/corpus_roundtrip.rs`, beside `corpus_families.rs` (one build of the 230-action
// client for both). Per family: create, describe with the values set (and what the service
// set), use or modify where the pages offer it, delete, gone, and a second delete's typed
// not-found. Snapshots (waited for until accomplished), images (until Available), key pairs
// (attached to an instance, which keeps the name after the pair is deleted), launch
// templates, network interfaces (attached, waited for until InUse, detached), deployment sets;
// a reboot through its transient states with the generated waiter; tag filters (Tag.N at
// creation and TagResources); a state file surviving a restart.

use crate::en_us::{
    create_disk, create_key_pair, create_snapshot, describe_instances, describe_key_pairs,
    run_instances, tag_resources, AttachKeyPair, AttachNetworkInterface, CreateDeploymentSet,
    CreateDisk, CreateImage, CreateKeyPair, CreateLaunchTemplate, CreateNetworkInterface,
    CreateSnapshot, DeleteDeploymentSet, DeleteImage, DeleteImageError, DeleteKeyPairs,
    DeleteLaunchTemplate, DeleteNetworkInterface, DeleteNetworkInterfaceError, DeleteSnapshot,
    DeleteSnapshotError, DescribeDeploymentSets, DescribeDisksWaiters, DescribeImages,
    DescribeImagesWaiters, DescribeInstances, DescribeInstancesWaiters, DescribeKeyPairs,
    DescribeLaunchTemplates, DescribeNetworkInterfaces, DescribeNetworkInterfacesWaiters,
    DescribeSnapshots, DescribeSnapshotsWaiters, DetachKeyPair, DetachNetworkInterface,
    ModifyDeploymentSetAttribute, ModifyImageAttribute, ModifyNetworkInterfaceAttribute,
    ModifySnapshotAttribute, RebootInstance, RebootInstanceError, RunInstances, StopInstance,
    TagResources,
};
use ecs_client::{ActionError, Client, Config, Credentials, SdkError};
use ecs_emulator::Emulator;
use std::fmt::Debug;
use std::time::Duration;

const REGION: &str = "cn-hangzhou";
const WAIT: Duration = Duration::from_secs(20);

fn specs() -> String {
    std::env::var("ECS_ROUNDTRIP_SPECS").expect("ECS_ROUNDTRIP_SPECS")
}

fn client_for(emu: &Emulator) -> Client {
    Client::new(
        Config::builder()
            .endpoint(emu.endpoint())
            .credentials(Credentials::new("lifecycles", "lifecycles-secret"))
            .build()
            .unwrap(),
    )
}

async fn emulator(transition_ms: u64, state_file: Option<&std::path::Path>) -> Emulator {
    let mut b = Emulator::builder()
        .specs_dir(specs())
        .access_key("lifecycles", "lifecycles-secret")
        .transition_ms(transition_ms)
        .seed(5);
    if let Some(f) = state_file {
        b = b.state_file(f);
    }
    b.start().await.expect("emulator")
}

/// A call acting on a resource that is gone: the typed service error with `code` and 404.
fn assert_not_found<T: Debug, E: ActionError + Debug>(
    what: &str,
    r: Result<T, SdkError<E>>,
    code: &str,
) -> E {
    match r {
        Err(SdkError::Service(e)) => {
            let m = e.meta();
            assert_eq!(
                (m.code.as_str(), m.http_status),
                (code, 404),
                "{what}: {e:?}"
            );
            e
        }
        other => panic!("{what}: expected {code}, got {other:?}"),
    }
}

/// The text of a status field, a `String` or a value-set enum alike.
macro_rules! text {
    ($e:expr) => {
        $e.as_ref().map(|s| s.as_str())
    };
}

/// One instance, waited for until Running.
async fn running_instance(client: &Client) -> String {
    let id = client
        .send(
            RunInstances::builder()
                .region_id(REGION)
                .image_id("m-bp1g7004ksh0oeuc****")
                .instance_type("ecs.g6.large")
                .tag([run_instances::Tag {
                    key: Some("team".into()),
                    value: Some("blue".into()),
                    ..Default::default()
                }])
                .build()
                .unwrap(),
        )
        .await
        .expect("RunInstances")
        .instance_id_sets
        .into_iter()
        .next()
        .expect("an instance id");
    client
        .wait_until_instance_running()
        .region_id(REGION)
        .instance_ids([id.as_str()])
        .min_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(100))
        .wait(WAIT)
        .await
        .expect("the instance runs");
    id
}

#[test]
fn snapshots_and_images_through_the_typed_client() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let emu = emulator(100, None).await;
        let client = client_for(&emu);

        // A disk to snapshot.
        let disk = client
            .send(
                CreateDisk::builder()
                    .region_id(REGION)
                    .zone_id("cn-hangzhou-g")
                    .size(40)
                    .disk_category(create_disk::DiskCategory::CloudEssd)
                    .disk_name("data")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateDisk")
            .disk_id
            .expect("a disk id");
        client
            .wait_until_disk_available()
            .region_id(REGION)
            .disk_ids([disk.as_str()])
            .min_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(100))
            .wait(WAIT)
            .await
            .expect("the disk is available");

        // Snapshot: create, wait until accomplished, read back, rename, delete.
        let snap = client
            .send(
                CreateSnapshot::builder()
                    .disk_id(disk.as_str())
                    .snapshot_name("before-upgrade")
                    .description("taken by the typed scenario")
                    .retention_days(7)
                    .tag([create_snapshot::Tag {
                        key: Some("team".into()),
                        value: Some("blue".into()),
                        ..Default::default()
                    }])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateSnapshot")
            .snapshot_id
            .expect("a snapshot id");
        assert!(snap.starts_with("s-"), "{snap}");
        let done = client
            .wait_until_snapshot_accomplished()
            .region_id(REGION)
            .snapshot_ids([snap.as_str()])
            .min_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(100))
            .wait(WAIT)
            .await
            .expect("the snapshot is accomplished");
        assert_eq!(done.snapshots.len(), 1);
        let s = &done.snapshots[0];
        assert_eq!(s.snapshot_id.as_deref(), Some(snap.as_str()));
        assert_eq!(text!(s.status), Some("accomplished"));
        assert_eq!(s.snapshot_name.as_deref(), Some("before-upgrade"));
        assert_eq!(
            s.description.as_deref(),
            Some("taken by the typed scenario")
        );
        assert_eq!(s.retention_days, Some(7));
        assert_eq!(s.source_disk_id.as_deref(), Some(disk.as_str()));
        assert!(s.creation_time.is_some());
        assert_eq!(s.tags.len(), 1, "{s:?}");
        assert_eq!(
            (s.tags[0].tag_key.as_deref(), s.tags[0].tag_value.as_deref()),
            (Some("team"), Some("blue"))
        );
        // The disk's snapshots, found by the disk.
        let by_disk = client
            .send(
                DescribeSnapshots::builder()
                    .region_id(REGION)
                    .disk_id(disk.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeSnapshots by disk");
        assert_eq!(by_disk.total_count, Some(1));
        let other_disk = client
            .send(
                DescribeSnapshots::builder()
                    .region_id(REGION)
                    .disk_id("d-nosuchdisk0000000000")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeSnapshots by another disk");
        assert!(other_disk.snapshots.is_empty(), "{other_disk:?}");
        client
            .send(
                ModifySnapshotAttribute::builder()
                    .snapshot_id(snap.as_str())
                    .snapshot_name("after-upgrade")
                    .description("renamed")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("ModifySnapshotAttribute");
        let renamed = client
            .send(
                DescribeSnapshots::builder()
                    .region_id(REGION)
                    .snapshot_name("after-upgrade")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeSnapshots by name");
        assert_eq!(renamed.snapshots.len(), 1);
        assert_eq!(
            renamed.snapshots[0].snapshot_id.as_deref(),
            Some(snap.as_str())
        );
        assert_eq!(renamed.snapshots[0].description.as_deref(), Some("renamed"));

        // Image: from the running instance, wait until Available, rename, delete.
        let instance = running_instance(&client).await;
        let image = client
            .send(
                CreateImage::builder()
                    .region_id(REGION)
                    .instance_id(instance.as_str())
                    .image_name("web-golden")
                    .description("golden image")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateImage")
            .image_id
            .expect("an image id");
        assert!(image.starts_with("m-"), "{image}");
        let available = client
            .wait_until_image_available()
            .region_id(REGION)
            .image_id(image.as_str())
            .min_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(100))
            .wait(WAIT)
            .await
            .expect("the image is available");
        assert_eq!(available.images.len(), 1);
        let i = &available.images[0];
        assert_eq!(i.image_id.as_deref(), Some(image.as_str()));
        assert_eq!(text!(i.status), Some("Available"));
        assert_eq!(i.image_name.as_deref(), Some("web-golden"));
        assert_eq!(i.description.as_deref(), Some("golden image"));
        client
            .send(
                ModifyImageAttribute::builder()
                    .region_id(REGION)
                    .image_id(image.as_str())
                    .image_name("web-golden-2")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("ModifyImageAttribute");
        let by_name = client
            .send(
                DescribeImages::builder()
                    .region_id(REGION)
                    .image_name("web-golden-2")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeImages by name");
        assert_eq!(by_name.images.len(), 1, "{by_name:?}");
        assert_eq!(by_name.images[0].image_id.as_deref(), Some(image.as_str()));
        client
            .send(
                DeleteImage::builder()
                    .region_id(REGION)
                    .image_id(image.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DeleteImage");
        let gone = client
            .send(
                DescribeImages::builder()
                    .region_id(REGION)
                    .image_id(image.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeImages");
        assert!(gone.images.is_empty(), "{gone:?}");
        let e = assert_not_found(
            "DeleteImage twice",
            client
                .send(
                    DeleteImage::builder()
                        .region_id(REGION)
                        .image_id(image.as_str())
                        .build()
                        .unwrap(),
                )
                .await,
            "InvalidImageId.NotFound",
        );
        assert!(
            matches!(e, DeleteImageError::InvalidImageIdNotFound(_)),
            "{e:?}"
        );

        // The snapshot goes; its waiter then reports it not found at once.
        client
            .send(
                DeleteSnapshot::builder()
                    .snapshot_id(snap.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DeleteSnapshot");
        match client
            .wait_until_snapshot_accomplished()
            .region_id(REGION)
            .snapshot_ids([snap.as_str()])
            .wait(WAIT)
            .await
        {
            Err(ecs_client::WaiterError::NotFound) => {}
            other => panic!("waiting on a deleted snapshot: {other:?}"),
        }
        let e = assert_not_found(
            "DeleteSnapshot twice",
            client
                .send(
                    DeleteSnapshot::builder()
                        .snapshot_id(snap.as_str())
                        .build()
                        .unwrap(),
                )
                .await,
            "InvalidSnapshotId.NotFound",
        );
        assert!(
            matches!(e, DeleteSnapshotError::InvalidSnapshotIdNotFound(_)),
            "{e:?}"
        );
        emu.shutdown().await;
    });
}

#[test]
fn key_pairs_launch_templates_and_deployment_sets_through_the_typed_client() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let emu = emulator(50, None).await;
        let client = client_for(&emu);

        // Key pair: create, describe (the fingerprint the create answered), attach to an
        // instance, delete while bound (the page: the instance keeps the name), gone.
        let created = client
            .send(
                CreateKeyPair::builder()
                    .region_id(REGION)
                    .key_pair_name("ops-key")
                    .tag([create_key_pair::Tag {
                        key: Some("team".into()),
                        value: Some("blue".into()),
                        ..Default::default()
                    }])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateKeyPair");
        assert_eq!(created.key_pair_name.as_deref(), Some("ops-key"));
        assert!(created.private_key_body.is_some());
        let listed = client
            .send(
                DescribeKeyPairs::builder()
                    .region_id(REGION)
                    .key_pair_name("ops-key")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeKeyPairs");
        assert_eq!(listed.key_pairs.len(), 1);
        let k = &listed.key_pairs[0];
        assert_eq!(k.key_pair_name.as_deref(), Some("ops-key"));
        assert_eq!(k.key_pair_finger_print, created.key_pair_finger_print);
        assert_eq!(k.tags.len(), 1);
        assert_eq!(k.tags[0].tag_key.as_deref(), Some("team"));
        assert_eq!(k.tags[0].tag_value.as_deref(), Some("blue"));
        let instance = running_instance(&client).await;
        let attached = client
            .send(
                AttachKeyPair::builder()
                    .region_id(REGION)
                    .key_pair_name("ops-key")
                    .instance_ids([instance.as_str()])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("AttachKeyPair");
        // One result, for the instance named.
        assert_eq!(attached.results.len(), 1, "{attached:?}");
        assert_eq!(
            attached.results[0].instance_id.as_deref(),
            Some(instance.as_str())
        );
        let key_of = |client: Client, instance: String| async move {
            client
                .send(
                    DescribeInstances::builder()
                        .region_id(REGION)
                        .instance_ids([instance.as_str()])
                        .build()
                        .unwrap(),
                )
                .await
                .expect("DescribeInstances")
                .instances
                .into_iter()
                .next()
                .expect("the instance")
                .key_pair_name
        };
        assert_eq!(
            key_of(client.clone(), instance.clone()).await.as_deref(),
            Some("ops-key")
        );
        let bound = client
            .send(
                DescribeInstances::builder()
                    .region_id(REGION)
                    .key_pair_name("ops-key")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeInstances by key pair");
        assert_eq!(bound.total_count, Some(1));
        client
            .send(
                DetachKeyPair::builder()
                    .region_id(REGION)
                    .key_pair_name("ops-key")
                    .instance_ids([instance.as_str()])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DetachKeyPair");
        assert_eq!(
            key_of(client.clone(), instance.clone())
                .await
                .unwrap_or_default(),
            ""
        );
        client
            .send(
                AttachKeyPair::builder()
                    .region_id(REGION)
                    .key_pair_name("ops-key")
                    .instance_ids([instance.as_str()])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("AttachKeyPair again");
        let delete_key = || {
            DeleteKeyPairs::builder()
                .region_id(REGION)
                .key_pair_names(["ops-key"])
                .build()
                .unwrap()
        };
        client.send(delete_key()).await.expect("DeleteKeyPairs");
        let after = client
            .send(
                DescribeKeyPairs::builder()
                    .region_id(REGION)
                    .key_pair_name("ops-key")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeKeyPairs");
        assert!(after.key_pairs.is_empty(), "{after:?}");
        // DeleteKeyPairs.md: a bound instance still reports the pair's name.
        assert_eq!(
            key_of(client.clone(), instance.clone()).await.as_deref(),
            Some("ops-key")
        );
        assert_not_found(
            "DeleteKeyPairs twice",
            client.send(delete_key()).await,
            "InvalidKeyPairName.NotFound",
        );

        // Launch template: create, describe by id and by name, delete, gone.
        let lt = client
            .send(
                CreateLaunchTemplate::builder()
                    .region_id(REGION)
                    .launch_template_name("lt-web")
                    .image_id("m-bp1g7004ksh0oeuc****")
                    .instance_type("ecs.g6.large")
                    .version_description("first")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateLaunchTemplate")
            .launch_template_id
            .expect("a template id");
        assert!(lt.starts_with("lt-"), "{lt}");
        let sets = client
            .send(
                DescribeLaunchTemplates::builder()
                    .region_id(REGION)
                    .launch_template_id([lt.as_str()])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeLaunchTemplates");
        assert_eq!(sets.launch_template_sets.len(), 1);
        let t = &sets.launch_template_sets[0];
        assert_eq!(t.launch_template_id.as_deref(), Some(lt.as_str()));
        assert_eq!(t.launch_template_name.as_deref(), Some("lt-web"));
        assert!(t.create_time.is_some());
        let by_name = client
            .send(
                DescribeLaunchTemplates::builder()
                    .region_id(REGION)
                    .launch_template_name(["lt-web"])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeLaunchTemplates by name");
        assert_eq!(by_name.total_count, Some(1));
        // DeleteLaunchTemplate takes the name as well as the id: a second template goes by name.
        client
            .send(
                CreateLaunchTemplate::builder()
                    .region_id(REGION)
                    .launch_template_name("lt-spare")
                    .image_id("m-bp1g7004ksh0oeuc****")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateLaunchTemplate");
        let by_spare_name = || {
            DeleteLaunchTemplate::builder()
                .region_id(REGION)
                .launch_template_name("lt-spare")
                .build()
                .unwrap()
        };
        client
            .send(by_spare_name())
            .await
            .expect("DeleteLaunchTemplate by name");
        assert_not_found(
            "DeleteLaunchTemplate by name twice",
            client.send(by_spare_name()).await,
            "InvalidLaunchTemplateId.NotFound",
        );
        let delete_lt = || {
            DeleteLaunchTemplate::builder()
                .region_id(REGION)
                .launch_template_id(lt.as_str())
                .build()
                .unwrap()
        };
        client
            .send(delete_lt())
            .await
            .expect("DeleteLaunchTemplate");
        let gone = client
            .send(
                DescribeLaunchTemplates::builder()
                    .region_id(REGION)
                    .launch_template_id([lt.as_str()])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeLaunchTemplates");
        assert!(gone.launch_template_sets.is_empty(), "{gone:?}");
        assert_not_found(
            "DeleteLaunchTemplate twice",
            client.send(delete_lt()).await,
            "InvalidLaunchTemplateId.NotFound",
        );

        // Deployment set: create, describe, modify name and description, delete, gone.
        let ds = client
            .send(
                CreateDeploymentSet::builder()
                    .region_id(REGION)
                    .deployment_set_name("spread")
                    .description("web tier")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateDeploymentSet")
            .deployment_set_id
            .expect("a deployment set id");
        assert!(ds.starts_with("ds-"), "{ds}");
        let describe_ds = || {
            DescribeDeploymentSets::builder()
                .region_id(REGION)
                .deployment_set_ids([ds.as_str()])
                .build()
                .unwrap()
        };
        let sets = client
            .send(describe_ds())
            .await
            .expect("DescribeDeploymentSets");
        assert_eq!(sets.deployment_sets.len(), 1);
        let d = &sets.deployment_sets[0];
        assert_eq!(d.deployment_set_id.as_deref(), Some(ds.as_str()));
        assert_eq!(d.deployment_set_name.as_deref(), Some("spread"));
        assert_eq!(d.deployment_set_description.as_deref(), Some("web tier"));
        // A new set holds no instances (none of the page's example ids).
        assert!(d.instance_ids.is_empty(), "{d:?}");
        client
            .send(
                ModifyDeploymentSetAttribute::builder()
                    .region_id(REGION)
                    .deployment_set_id(ds.as_str())
                    .deployment_set_name("spread-2")
                    .description("web tier, renamed")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("ModifyDeploymentSetAttribute");
        let sets = client
            .send(describe_ds())
            .await
            .expect("DescribeDeploymentSets");
        let d = &sets.deployment_sets[0];
        assert_eq!(d.deployment_set_name.as_deref(), Some("spread-2"));
        assert_eq!(
            d.deployment_set_description.as_deref(),
            Some("web tier, renamed")
        );
        let delete_ds = || {
            DeleteDeploymentSet::builder()
                .region_id(REGION)
                .deployment_set_id(ds.as_str())
                .build()
                .unwrap()
        };
        client.send(delete_ds()).await.expect("DeleteDeploymentSet");
        let gone = client
            .send(describe_ds())
            .await
            .expect("DescribeDeploymentSets");
        assert!(gone.deployment_sets.is_empty(), "{gone:?}");
        assert_not_found(
            "DeleteDeploymentSet twice",
            client.send(delete_ds()).await,
            "InvalidDeploymentSetId.NotFound",
        );
        emu.shutdown().await;
    });
}

#[test]
fn network_interfaces_attach_detach_and_delete_through_the_typed_client() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let emu = emulator(100, None).await;
        let client = client_for(&emu);
        let created = client
            .send(
                CreateNetworkInterface::builder()
                    .region_id(REGION)
                    .v_switch_id("vsw-bp1s5fnvk4gn2tws0****")
                    .security_group_id("sg-bp1fg655nh68xyz9****")
                    .network_interface_name("eni-web")
                    .description("web eni")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateNetworkInterface");
        let eni = created.network_interface_id.clone().expect("an ENI id");
        assert!(eni.starts_with("eni-"), "{eni}");
        assert_eq!(created.network_interface_name.as_deref(), Some("eni-web"));
        let available = client
            .wait_until_network_interface_available()
            .region_id(REGION)
            .network_interface_id([eni.as_str()])
            .min_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(100))
            .wait(WAIT)
            .await
            .expect("the ENI is available");
        let n = &available.network_interface_sets[0];
        assert_eq!(n.network_interface_id.as_deref(), Some(eni.as_str()));
        assert_eq!(n.network_interface_name.as_deref(), Some("eni-web"));
        assert_eq!(n.description.as_deref(), Some("web eni"));
        assert_eq!(n.v_switch_id.as_deref(), Some("vsw-bp1s5fnvk4gn2tws0****"));
        assert_eq!(n.security_group_ids, ["sg-bp1fg655nh68xyz9****"]);
        // A new interface is attached to nothing (none of the page's example instances).
        assert_eq!(n.instance_id.as_deref().unwrap_or_default(), "", "{n:?}");
        client
            .send(
                ModifyNetworkInterfaceAttribute::builder()
                    .region_id(REGION)
                    .network_interface_id(eni.as_str())
                    .network_interface_name("eni-web-2")
                    .description("renamed")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("ModifyNetworkInterfaceAttribute");

        let instance = running_instance(&client).await;
        client
            .send(
                AttachNetworkInterface::builder()
                    .region_id(REGION)
                    .network_interface_id(eni.as_str())
                    .instance_id(instance.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("AttachNetworkInterface");
        let in_use = client
            .wait_until_network_interface_in_use()
            .region_id(REGION)
            .network_interface_id([eni.as_str()])
            .min_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(100))
            .wait(WAIT)
            .await
            .expect("the ENI is in use");
        let n = &in_use.network_interface_sets[0];
        assert_eq!(text!(n.status), Some("InUse"));
        assert_eq!(n.instance_id.as_deref(), Some(instance.as_str()));
        assert_eq!(n.network_interface_name.as_deref(), Some("eni-web-2"));
        assert_eq!(n.description.as_deref(), Some("renamed"));
        let of_instance = client
            .send(
                DescribeNetworkInterfaces::builder()
                    .region_id(REGION)
                    .instance_id(instance.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeNetworkInterfaces by instance");
        assert_eq!(of_instance.total_count, Some(1));
        // Deleting an attached interface is refused with the page's row.
        match client
            .send(
                DeleteNetworkInterface::builder()
                    .region_id(REGION)
                    .network_interface_id(eni.as_str())
                    .build()
                    .unwrap(),
            )
            .await
        {
            Err(SdkError::Service(
                DeleteNetworkInterfaceError::InvalidOperationInvalidEniState(m),
            )) => assert_eq!(m.http_status, 400),
            other => panic!("DeleteNetworkInterface while attached: {other:?}"),
        }
        client
            .send(
                DetachNetworkInterface::builder()
                    .region_id(REGION)
                    .network_interface_id(eni.as_str())
                    .instance_id(instance.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DetachNetworkInterface");
        let detached = client
            .wait_until_network_interface_available()
            .region_id(REGION)
            .network_interface_id([eni.as_str()])
            .min_delay(Duration::from_millis(20))
            .max_delay(Duration::from_millis(100))
            .wait(WAIT)
            .await
            .expect("the ENI is available again");
        assert_eq!(
            detached.network_interface_sets[0]
                .instance_id
                .as_deref()
                .unwrap_or_default(),
            ""
        );
        let delete = || {
            DeleteNetworkInterface::builder()
                .region_id(REGION)
                .network_interface_id(eni.as_str())
                .build()
                .unwrap()
        };
        client.send(delete()).await.expect("DeleteNetworkInterface");
        let gone = client
            .send(
                DescribeNetworkInterfaces::builder()
                    .region_id(REGION)
                    .network_interface_id([eni.as_str()])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeNetworkInterfaces");
        assert!(gone.network_interface_sets.is_empty(), "{gone:?}");
        let e = assert_not_found(
            "DeleteNetworkInterface twice",
            client.send(delete()).await,
            "InvalidEniId.NotFound",
        );
        assert!(
            matches!(e, DeleteNetworkInterfaceError::InvalidEniIdNotFound(_)),
            "{e:?}"
        );
        emu.shutdown().await;
    });
}

#[test]
fn a_reboot_passes_through_its_transient_states_to_running() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let emu = emulator(50, None).await;
        let client = client_for(&emu);
        let id = running_instance(&client).await;
        // Long enough to see the reboot's passing states, short enough to wait for.
        emu.set_transition_ms(600);
        client
            .send(
                RebootInstance::builder()
                    .instance_id(id.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("RebootInstance");
        let status = |client: Client, id: String| async move {
            let r = client
                .send(
                    DescribeInstances::builder()
                        .region_id(REGION)
                        .instance_ids([id.as_str()])
                        .build()
                        .unwrap(),
                )
                .await
                .expect("DescribeInstances");
            text!(r.instances[0].status).unwrap_or_default().to_string()
        };
        let passing = status(client.clone(), id.clone()).await;
        assert!(
            passing == "Stopping" || passing == "Starting",
            "right after RebootInstance: {passing}"
        );
        let waited = client
            .wait_until_instance_running()
            .region_id(REGION)
            .instance_ids([id.as_str()])
            .min_delay(Duration::from_millis(50))
            .max_delay(Duration::from_millis(200))
            .wait(WAIT)
            .await
            .expect("the instance runs again");
        assert_eq!(text!(waited.instances[0].status), Some("Running"));
        assert_eq!(status(client.clone(), id.clone()).await, "Running");

        // A stopped instance cannot be rebooted: the page's IncorrectInstanceStatus row.
        emu.set_transition_ms(0);
        client
            .send(
                StopInstance::builder()
                    .instance_id(id.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("StopInstance");
        client
            .wait_until_instance_stopped()
            .region_id(REGION)
            .instance_ids([id.as_str()])
            .wait(WAIT)
            .await
            .expect("the instance stops");
        match client
            .send(
                RebootInstance::builder()
                    .instance_id(id.as_str())
                    .build()
                    .unwrap(),
            )
            .await
        {
            Err(SdkError::Service(e)) => {
                assert_eq!(
                    (e.code.as_str(), e.http_status),
                    ("IncorrectInstanceStatus", 403)
                );
                let _: &RebootInstanceError = &e;
            }
            other => panic!("RebootInstance while Stopped: {other:?}"),
        }
        let e = assert_not_found(
            "RebootInstance of an unknown id",
            client
                .send(
                    RebootInstance::builder()
                        .instance_id("i-nosuchinstance000000")
                        .build()
                        .unwrap(),
                )
                .await,
            "InvalidInstanceId.NotFound",
        );
        assert!(
            matches!(e, RebootInstanceError::InvalidInstanceIdNotFound(_)),
            "{e:?}"
        );
        emu.shutdown().await;
    });
}

#[test]
fn tag_filters_find_what_was_tagged() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let emu = emulator(0, None).await;
        let client = client_for(&emu);
        for (name, team) in [("kp-a", "blue"), ("kp-b", "red"), ("kp-c", "blue")] {
            client
                .send(
                    CreateKeyPair::builder()
                        .region_id(REGION)
                        .key_pair_name(name)
                        .tag([create_key_pair::Tag {
                            key: Some("team".into()),
                            value: Some(team.into()),
                            ..Default::default()
                        }])
                        .build()
                        .unwrap(),
                )
                .await
                .expect("CreateKeyPair");
        }
        let tagged = |key: &str, value: Option<&str>| {
            DescribeKeyPairs::builder()
                .region_id(REGION)
                .tag([describe_key_pairs::Tag {
                    key: Some(key.into()),
                    value: value.map(Into::into),
                    ..Default::default()
                }])
                .build()
                .unwrap()
        };
        let names = |r: &crate::en_us::DescribeKeyPairsResponse| -> Vec<String> {
            r.key_pairs
                .iter()
                .filter_map(|k| k.key_pair_name.clone())
                .collect()
        };
        let blue = client.send(tagged("team", Some("blue"))).await.unwrap();
        assert_eq!(names(&blue), ["kp-a", "kp-c"]);
        assert_eq!(blue.total_count, Some(2));
        // TagResources (Tag.N over ResourceId.N) adds a tag the filter then finds.
        client
            .send(
                TagResources::builder()
                    .region_id(REGION)
                    .resource_type(tag_resources::ResourceType::Keypair)
                    .resource_id(["kp-b", "kp-c"])
                    .tag([tag_resources::Tag {
                        key: Some("owner".into()),
                        value: Some("ops".into()),
                        ..Default::default()
                    }])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("TagResources");
        let owned = client.send(tagged("owner", Some("ops"))).await.unwrap();
        assert_eq!(names(&owned), ["kp-b", "kp-c"]);
        let any_owner = client.send(tagged("owner", None)).await.unwrap();
        assert_eq!(names(&any_owner), ["kp-b", "kp-c"]);
        assert!(client
            .send(tagged("owner", Some("dev")))
            .await
            .unwrap()
            .key_pairs
            .is_empty());
        // Both tags read back, and both filters at once.
        let c = owned
            .key_pairs
            .iter()
            .find(|k| k.key_pair_name.as_deref() == Some("kp-c"))
            .unwrap();
        let mut tags: Vec<(String, String)> = c
            .tags
            .iter()
            .map(|t| {
                (
                    t.tag_key.clone().unwrap_or_default(),
                    t.tag_value.clone().unwrap_or_default(),
                )
            })
            .collect();
        tags.sort();
        assert_eq!(
            tags,
            [
                ("owner".to_string(), "ops".to_string()),
                ("team".into(), "blue".into())
            ]
        );
        let both = client
            .send(
                DescribeKeyPairs::builder()
                    .region_id(REGION)
                    .tag([
                        describe_key_pairs::Tag {
                            key: Some("team".into()),
                            value: Some("blue".into()),
                            ..Default::default()
                        },
                        describe_key_pairs::Tag {
                            key: Some("owner".into()),
                            value: Some("ops".into()),
                            ..Default::default()
                        },
                    ])
                    .build()
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(names(&both), ["kp-c"]);
        // Instances tagged at RunInstances, found by the tag.
        let id = running_instance(&client).await;
        let by_tag = client
            .send(
                DescribeInstances::builder()
                    .region_id(REGION)
                    .tag([describe_instances::Tag {
                        key: Some("team".into()),
                        value: Some("blue".into()),
                        ..Default::default()
                    }])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeInstances by tag");
        assert_eq!(by_tag.instances.len(), 1);
        assert_eq!(
            by_tag.instances[0].instance_id.as_deref(),
            Some(id.as_str())
        );
        let none = client
            .send(
                DescribeInstances::builder()
                    .region_id(REGION)
                    .tag([describe_instances::Tag {
                        key: Some("team".into()),
                        value: Some("red".into()),
                        ..Default::default()
                    }])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeInstances by another tag");
        assert!(none.instances.is_empty(), "{none:?}");
        emu.shutdown().await;
    });
}

#[test]
fn the_state_file_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("ecs-typed-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let emu = emulator(0, Some(&file)).await;
        let client = client_for(&emu);
        let lt = client
            .send(
                CreateLaunchTemplate::builder()
                    .region_id(REGION)
                    .launch_template_name("lt-kept")
                    .image_id("m-bp1g7004ksh0oeuc****")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateLaunchTemplate")
            .launch_template_id
            .expect("an id");
        client
            .send(
                CreateKeyPair::builder()
                    .region_id(REGION)
                    .key_pair_name("kept-key")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateKeyPair");
        emu.shutdown().await;
        assert!(file.exists(), "the state file is written at shutdown");

        // Another emulator on the same file, another client: both are still there.
        let emu = emulator(0, Some(&file)).await;
        let client = client_for(&emu);
        let sets = client
            .send(
                DescribeLaunchTemplates::builder()
                    .region_id(REGION)
                    .launch_template_id([lt.as_str()])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeLaunchTemplates after the restart");
        assert_eq!(sets.launch_template_sets.len(), 1, "{sets:?}");
        assert_eq!(
            sets.launch_template_sets[0].launch_template_name.as_deref(),
            Some("lt-kept")
        );
        let keys = client
            .send(
                DescribeKeyPairs::builder()
                    .region_id(REGION)
                    .key_pair_name("kept-key")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeKeyPairs after the restart");
        assert_eq!(keys.total_count, Some(1));
        // Deleted after the restart, and that too is kept.
        client
            .send(
                DeleteLaunchTemplate::builder()
                    .region_id(REGION)
                    .launch_template_id(lt.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DeleteLaunchTemplate");
        emu.shutdown().await;
        let emu = emulator(0, Some(&file)).await;
        let client = client_for(&emu);
        let sets = client
            .send(
                DescribeLaunchTemplates::builder()
                    .region_id(REGION)
                    .launch_template_id([lt.as_str()])
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeLaunchTemplates after the second restart");
        assert!(sets.launch_template_sets.is_empty(), "{sets:?}");
        assert_eq!(emu.resources(), 1, "the key pair alone");
        emu.shutdown().await;
    });
    let _ = std::fs::remove_dir_all(&dir);
}
