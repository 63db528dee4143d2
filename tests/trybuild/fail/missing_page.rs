#[ecs_client::ecs_action(spec = "trybuild/pages/NoSuchPage.md")]
pub struct NoSuchPage;

fn main() {}
