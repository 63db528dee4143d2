#[ecs_client::ecs_action(spec = "trybuild/pages/BrokenTable.md")]
pub struct BreakWidget;

fn main() {}
