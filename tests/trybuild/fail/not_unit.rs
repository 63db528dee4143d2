#[ecs_client::ecs_action(spec = "trybuild/pages/CreateWidget.md")]
pub struct CreateWidget {
    x: u32,
}

fn main() {}
