#[ecs_client::ecs_action(spec = "trybuild/pages/Overview.md")]
pub struct Overview;

fn main() {}
