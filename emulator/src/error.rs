//! ECS error answers: the code, message and HTTP status of a refused request, and its body in
//! JSON (`{"RequestId","HostId","Code","Message","Recommend"}`) or XML (`<Error>…</Error>`),
//! as WIRE.md §3.1 describes them.

use crate::respond::{xml_escape, Format};

/// A refused request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcsError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl EcsError {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> EcsError {
        EcsError {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// `InvalidParameter` (400).
    pub fn invalid_parameter(message: impl Into<String>) -> EcsError {
        EcsError::new(400, "InvalidParameter", message)
    }

    /// `MissingParameter` (400) naming the parameter, as ECS words it.
    pub fn missing_parameter(name: &str) -> EcsError {
        EcsError::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    /// `IncompleteSignature` (400).
    pub fn incomplete_signature(message: impl Into<String>) -> EcsError {
        EcsError::new(400, "IncompleteSignature", message)
    }

    /// The body in `format`, with its content type.
    pub fn body(&self, format: Format, request_id: &str, host: &str) -> (&'static str, String) {
        let recommend = format!(
            "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={request_id}",
            self.code
        );
        match format {
            Format::Json => {
                let body = serde_json::json!({
                    "RequestId": request_id,
                    "HostId": host,
                    "Code": self.code,
                    "Message": self.message,
                    "Recommend": recommend,
                });
                ("application/json;charset=utf-8", body.to_string())
            }
            Format::Xml => {
                let body = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><RequestId>{}</RequestId><HostId>{}</HostId><Code>{}</Code><Message>{}</Message><Recommend>{}</Recommend></Error>",
                    xml_escape(request_id),
                    xml_escape(host),
                    xml_escape(&self.code),
                    xml_escape(&self.message),
                    xml_escape(&recommend),
                );
                ("text/xml;charset=utf-8", body)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_xml_bodies_carry_the_same_fields() {
        let e = EcsError::new(400, "InvalidParameter", "a < b & \"c\"");
        let (ct, json) = e.body(Format::Json, "RID", "h");
        assert_eq!(ct, "application/json;charset=utf-8");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["Code"], "InvalidParameter");
        assert_eq!(v["Message"], "a < b & \"c\"");
        assert_eq!(v["RequestId"], "RID");
        assert_eq!(v["HostId"], "h");
        assert!(v["Recommend"]
            .as_str()
            .unwrap()
            .contains("InvalidParameter"));
        let (ct, xml) = e.body(Format::Xml, "RID", "h");
        assert_eq!(ct, "text/xml;charset=utf-8");
        assert!(xml.contains("<Code>InvalidParameter</Code>"));
        assert!(xml.contains("<Message>a &lt; b &amp; &quot;c&quot;</Message>"));
    }
}
