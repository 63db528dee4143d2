//! Which section a `##` heading opens, by its text in either language (FORMAT.md §2).

/// The sections the reader uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Description,
    Debug,
    Request,
    Response,
    Examples,
    Errors,
    /// `## 节点名` of a data-type page.
    NodeName,
    /// `## 子节点` of a data-type page.
    Children,
    Other,
}

impl SectionKind {
    pub fn of(heading: &str) -> SectionKind {
        let h = heading
            .trim()
            .trim_end_matches([':', '：'])
            .trim()
            .to_ascii_lowercase();
        match h.as_str() {
            "接口说明" | "描述" | "description" | "接口描述" | "precautions" | "limits"
            | "methods" => SectionKind::Description,
            "调试" | "debugging" | "debug" => SectionKind::Debug,
            "请求参数" | "request parameters" | "request parameter" => SectionKind::Request,
            "返回参数" | "返回数据" | "response parameters" | "return parameters" => {
                SectionKind::Response
            }
            "示例" | "examples" | "example" => SectionKind::Examples,
            "错误码" | "error codes" | "errors" | "errors codes" | "error code" => {
                SectionKind::Errors
            }
            "节点名" | "节点" => SectionKind::NodeName,
            "子节点" => SectionKind::Children,
            _ => SectionKind::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SectionKind::*;
    use super::*;

    #[test]
    fn headings_in_both_languages() {
        assert_eq!(SectionKind::of("请求参数"), Request);
        assert_eq!(SectionKind::of("Request Parameters"), Request);
        assert_eq!(SectionKind::of("返回数据"), Response);
        assert_eq!(SectionKind::of("Return parameters"), Response);
        assert_eq!(SectionKind::of("接口说明："), Description);
        assert_eq!(SectionKind::of("Errors codes"), Errors);
        assert_eq!(SectionKind::of("子节点"), Children);
        assert_eq!(SectionKind::of("Something else"), Other);
    }
}
