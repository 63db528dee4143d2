//! Value sets as enums (`tests/pages/value_sets/DescribeVolumes.md`): a response field whose page
//! documents its values decodes into an enum that never refuses a new value, one value spelt
//! two ways is one variant, and a request value in another case than the page's is accepted
//! and sent as the page spells it, through the client to the emulator and back.

use ecs_client::{Client, Config, Credentials, ValueSet};
use ecs_emulator::Emulator;
use std::path::Path;

#[ecs_client::ecs_action(spec = "pages/value_sets/DescribeVolumes.md")]
pub struct DescribeVolumes;

use describe_volumes::{IpProtocol, Status, VolumeIpProtocol};

fn decode(volume: &str) -> describe_volumes::Volume {
    let json = format!(r#"{{"RequestId": "r-1", "Volumes": {{"Volume": [{volume}]}}}}"#);
    let mut r: DescribeVolumesResponse = serde_json::from_str(&json).expect("decodes");
    assert_eq!(r.volumes.len(), 1, "{json}");
    r.volumes.remove(0)
}

#[test]
fn an_undocumented_value_decodes_as_unknown_and_round_trips() {
    let v = decode(r#"{"VolumeId": "v-1", "Status": "Hibernating", "IpProtocol": "SCTP"}"#);
    assert_eq!(v.status, Some(Status::Unknown("Hibernating".into())));
    let status = v.status.expect("present");
    assert_eq!(status.as_str(), "Hibernating");
    assert_eq!(status.to_string(), "Hibernating");
    assert_eq!("Hibernating".parse::<Status>(), Ok(status.clone()));
    assert_eq!(Status::from(status.as_str()), status);
    assert_eq!(
        v.ip_protocol,
        Some(VolumeIpProtocol::Unknown("SCTP".into()))
    );
    // A number where text is documented is its text; anything else is no value, not an error.
    assert_eq!(
        decode(r#"{"Status": 3}"#).status,
        Some(Status::Unknown("3".into()))
    );
    assert_eq!(decode(r#"{"Status": {"x": 1}}"#).status, None);
    assert_eq!(decode(r#"{"VolumeId": "v-2"}"#).status, None);
}

#[test]
fn documented_values_decode_as_their_variants_in_any_case() {
    let v = decode(r#"{"Status": "Available", "IpProtocol": "TCP"}"#);
    assert_eq!(v.status, Some(Status::Available));
    assert_eq!(v.ip_protocol, Some(VolumeIpProtocol::Tcp));
    assert_eq!(
        decode(r#"{"Status": "DETACHING"}"#).status,
        Some(Status::Detaching)
    );
    assert_eq!(
        decode(r#"{"IpProtocol": "tcp"}"#).ip_protocol,
        Some(VolumeIpProtocol::Tcp)
    );
}

#[test]
fn two_spellings_of_one_value_are_one_variant() {
    for sent in ["In_use", "In_Use", "IN_USE"] {
        let v = decode(&format!(r#"{{"Status": "{sent}"}}"#));
        assert_eq!(v.status, Some(Status::InUse), "{sent}");
        assert_eq!(v.status.as_ref().map(Status::as_str), Some("In_use"));
    }
    assert_eq!(
        Status::VALUES,
        ["Available", "In_use", "Detaching"],
        "the page's second spelling is no second value"
    );
    assert_eq!(<Status as ValueSet>::VALUES, Status::VALUES);
}

#[test]
fn a_request_value_in_another_case_is_accepted_and_the_documented_spelling_sent() {
    let r = DescribeVolumes::builder()
        .region_id("cn-hangzhou")
        .ip_protocol("TCP")
        .build()
        .expect("TCP is the page's tcp");
    assert_eq!(r.ip_protocol, Some(IpProtocol::Tcp));
    assert!(
        r.to_params()
            .contains(&("IpProtocol".to_string(), "tcp".to_string())),
        "{:?}",
        r.to_params()
    );
    // Written as a struct literal with the text in `Unknown`, it validates and the wire
    // still gets the page's spelling.
    let literal = DescribeVolumes {
        region_id: "cn-hangzhou".into(),
        ip_protocol: Some(IpProtocol::Unknown("UDP".into())),
    };
    literal.validate().expect("UDP is the page's udp");
    assert!(literal
        .to_params()
        .contains(&("IpProtocol".to_string(), "udp".to_string())));
    // A value the page does not list is still refused before sending.
    let err = DescribeVolumes::builder()
        .region_id("cn-hangzhou")
        .ip_protocol("sctp")
        .build()
        .expect_err("sctp is not documented");
    assert!(
        err.to_string().contains("must be one of: tcp, udp, icmp"),
        "{err}"
    );
}

#[tokio::test]
async fn through_the_client_to_the_emulator_and_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let emu = Emulator::builder()
        .specs_dir(root.join("pages/value_sets"))
        .access_key("value-sets-id", "value-sets-secret")
        .start()
        .await
        .expect("emulator starts");
    let config = Config::builder()
        .endpoint(emu.endpoint())
        .credentials(Credentials::new("value-sets-id", "value-sets-secret"))
        .build()
        .expect("config");
    let client = Client::new(config);
    let request = DescribeVolumes::builder()
        .region_id("cn-hangzhou")
        .ip_protocol("ICMP")
        .build()
        .expect("ICMP is the page's icmp");
    let answer = client
        .send(request)
        .await
        .expect("the emulator takes the page's spelling");
    // The page's example answers `In_use` and `TCP`.
    let volume = &answer.volumes[0];
    assert_eq!(volume.status, Some(Status::InUse));
    assert_eq!(volume.ip_protocol, Some(VolumeIpProtocol::Tcp));
    emu.shutdown().await;
}
