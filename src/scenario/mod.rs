//! Scenario files: TOML with a default for every key, the built-in presets, and validation
//! whose errors name the file, the line and the key (or the switch).

mod config;
mod error;
pub mod keys;
mod load;
mod locate;
mod overrides;
pub mod presets;
mod reference;
mod resolved;
mod size_estimate;
mod validate;

pub use config::{
    AssignorKind, CabinetConfig, CookConfig, FaultConfig, FaultKind, GroupProtocolKind,
    KafkaConfig, MenuKind, MixConfig, OrdersConfig, PreparersConfig, ScalingConfig, Scenario,
    ShopConfig, Stock, TakeMode, TillPartitioner, TillsConfig,
};
pub use error::{Place, ScenarioError, ScenarioWarning};
pub use locate::{KeyPath, Located};
pub use overrides::{
    Overrides, parse_assignor_switch, parse_count_switch, parse_group_protocol_switch,
    parse_open_for_switch, parse_seed_switch, parse_share_switch, parse_static_switch,
    parse_trace_window_switch,
};
pub use reference::reference_tables;
pub use size_estimate::{
    Figures, FileSize, MAX_BYTES, MAX_EVENTS, MAX_IN_FLIGHT, MAX_SWEEP_EVENTS, SizeEstimate,
    TooBig, TraceFiles, Written, check_sweep, human_bytes,
};
pub use validate::Problem;
