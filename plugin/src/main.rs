use nu_plugin::{MsgPackSerializer, serve_plugin};
use nu_plugin_uvcache::UvcachePlugin;

fn main() {
    serve_plugin(&UvcachePlugin, MsgPackSerializer);
}
