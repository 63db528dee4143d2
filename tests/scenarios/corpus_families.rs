// Typed scenarios through a client generated from every en-US page, against the stateful
// emulator serving the same pages: included into the corpus round-trip crate by
// `tests/tests/corpus_roundtrip.rs` (one build of the 230-action client for both). Instances
// (RunInstances with Amount 2, waited for until Running with the generated waiter, stopped
// and waited for until Stopped, the typed IncorrectInstanceStatus and not-found rows), a disk
// that cannot be deleted while attached (typed DiskStillAttached), and a security group rule
// read back.

use crate::en_us::{
    attach_disk, create_disk, describe_instances, run_instances, AttachDisk, AuthorizeSecurityGroup,
    CreateDisk, CreateSecurityGroup, DeleteDisk, DeleteDiskError, DeleteInstance,
    DeleteInstanceError, DescribeDisksWaiters, DescribeInstances, DescribeInstancesWaiters,
    DescribeSecurityGroupAttribute, DetachDisk, RunInstances, StartInstance, StartInstanceError,
    StopInstance,
};
use ecs_client::{Client, Config, Credentials, SdkError};
use std::time::Duration;

async fn run_two(client: &Client) -> Vec<String> {
    let run = client
        .send(
            RunInstances::builder()
                .region_id("cn-hangzhou")
                .image_id("m-bp1g7004ksh0oeuc****")
                .instance_type("ecs.g6.large")
                .instance_name("web")
                .amount(2)
                .tag([run_instances::Tag {
                    key: Some("team".into()),
                    value: Some("blue".into()),
                }])
                .build()
                .expect("a valid RunInstances"),
        )
        .await
        .expect("RunInstances");
    run.instance_id_sets
}

/// Waits until the disk is `Available`.
async fn disk_available(
    client: &Client,
    disk: &str,
) -> Result<(), ecs_client::WaiterError<crate::en_us::DescribeDisksResponse, crate::en_us::DescribeDisksError>> {
    client
        .wait_until_disk_available()
        .region_id("cn-hangzhou")
        .disk_ids([disk])
        .wait(Duration::from_secs(20))
        .await
        .map(|_| ())
}

#[test]
fn typed_families_against_the_stateful_emulator() {
    let specs = std::env::var("ECS_ROUNDTRIP_SPECS").expect("ECS_ROUNDTRIP_SPECS");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let emu = ecs_emulator::Emulator::builder()
            .specs_dir(&specs)
            .access_key("families", "families-secret")
            .transition_ms(100)
            .seed(3)
            .start()
            .await
            .expect("emulator");
        let client = Client::new(
            Config::builder()
                .endpoint(emu.endpoint())
                .credentials(Credentials::new("families", "families-secret"))
                .build()
                .unwrap(),
        );
        let fast = |b: describe_instances::DescribeInstancesBuilder<ecs_client::__private::Waiting>| {
            b.min_delay(Duration::from_millis(20)).max_delay(Duration::from_millis(50))
        };

        // Instances: two at once, waited for until Running.
        let ids = run_two(&client).await;
        assert_eq!(ids.len(), 2, "{ids:?}");
        let running = fast(client.wait_until_instance_running())
            .region_id("cn-hangzhou")
            .instance_ids(ids.clone())
            .wait(Duration::from_secs(20))
            .await
            .expect("both instances run");
        assert_eq!(running.instances.len(), 2);
        for i in &running.instances {
            assert_eq!(i.status.as_ref().map(|s| s.as_str()), Some("Running"));
            assert_eq!(i.instance_name.as_deref(), Some("web"));
        }
        // Start while running: the page's own IncorrectInstanceStatus code (two rows of it on
        // the page, one variant; the meta names the row whose message matched).
        match client
            .send(StartInstance::builder().instance_id(ids[0].as_str()).build().unwrap())
            .await
        {
            Err(SdkError::Service(StartInstanceError::IncorrectInstanceStatus(m))) => {
                assert_eq!(m.http_status, 403);
                let row = m.row().expect("a documented row");
                assert_eq!(row.code, "IncorrectInstanceStatus");
                assert!(!m.is_not_found() && !m.is_invalid_parameter());
            }
            other => panic!("StartInstance while Running: {other:?}"),
        }
        client
            .send(StopInstance::builder().instance_id(ids[0].as_str()).build().unwrap())
            .await
            .expect("StopInstance");
        fast(client.wait_until_instance_stopped())
            .region_id("cn-hangzhou")
            .instance_ids([ids[0].as_str()])
            .wait(Duration::from_secs(20))
            .await
            .expect("the instance stops");
        let stopped = client
            .send(
                DescribeInstances::builder()
                    .region_id("cn-hangzhou")
                    .status("Stopped")
                    .build()
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(stopped.total_count, Some(1));
        client
            .send(DeleteInstance::builder().instance_id(ids[0].as_str()).build().unwrap())
            .await
            .expect("a stopped instance is deleted");
        match client
            .send(DeleteInstance::builder().instance_id(ids[0].as_str()).build().unwrap())
            .await
        {
            Err(SdkError::Service(DeleteInstanceError::InvalidInstanceIdNotFound(m))) => {
                assert_eq!(m.http_status, 404);
                assert!(m.is_not_found());
            }
            other => panic!("deleted twice: {other:?}"),
        }

        // A disk attached to the running instance cannot be deleted until detached.
        let disk = client
            .send(
                CreateDisk::builder()
                    .region_id("cn-hangzhou")
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
        disk_available(&client, &disk).await.expect("the disk is available");
        let attach = AttachDisk::builder()
            .disk_id(disk.as_str())
            .instance_id(ids[1].as_str())
            .build()
            .unwrap();
        let _: &attach_disk::AttachDisk = &attach;
        client.send(attach).await.expect("AttachDisk");
        client
            .wait_until_disk_in_use()
            .region_id("cn-hangzhou")
            .disk_ids([disk.as_str()])
            .wait(Duration::from_secs(20))
            .await
            .expect("the disk is in use");
        match client
            .send(DeleteDisk::builder().disk_id(disk.as_str()).build().unwrap())
            .await
        {
            Err(SdkError::Service(DeleteDiskError::DiskStillAttached(_))) => {}
            other => panic!("DeleteDisk while attached: {other:?}"),
        }
        client
            .send(
                DetachDisk::builder()
                    .disk_id(disk.as_str())
                    .instance_id(ids[1].as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DetachDisk");
        disk_available(&client, &disk).await.expect("the disk is available again");
        client
            .send(DeleteDisk::builder().disk_id(disk.as_str()).build().unwrap())
            .await
            .expect("a detached disk is deleted");

        // A security group rule, read back by the attribute call.
        let sg = client
            .send(
                CreateSecurityGroup::builder()
                    .region_id("cn-hangzhou")
                    .security_group_name("web-sg")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("CreateSecurityGroup")
            .security_group_id
            .expect("an id");
        client
            .send(
                AuthorizeSecurityGroup::builder()
                    .region_id("cn-hangzhou")
                    .security_group_id(sg.as_str())
                    .ip_protocol("tcp")
                    .port_range("443/443")
                    .source_cidr_ip("0.0.0.0/0")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("AuthorizeSecurityGroup");
        let attr = client
            .send(
                DescribeSecurityGroupAttribute::builder()
                    .region_id("cn-hangzhou")
                    .security_group_id(sg.as_str())
                    .build()
                    .unwrap(),
            )
            .await
            .expect("DescribeSecurityGroupAttribute");
        assert_eq!(attr.security_group_name.as_deref(), Some("web-sg"));
        assert_eq!(attr.permissions.len(), 1);
        assert_eq!(attr.permissions[0].port_range.as_deref(), Some("443/443"));
        println!(
            "typed families: instances, disks and a security group round-tripped; {} resources left",
            emu.resources()
        );
        emu.shutdown().await;
    });
}
