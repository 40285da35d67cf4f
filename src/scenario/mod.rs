//! Scenario files: TOML with a default for every key, the built-in presets, and validation
//! whose errors name the file, the line and the key.

mod config;
mod error;
mod load;
pub mod presets;
mod resolved;

pub use config::{
    AssignorKind, CabinetConfig, CookConfig, FaultConfig, KafkaConfig, MenuKind, MixConfig,
    OrdersConfig, PreparersConfig, ScalingConfig, Scenario, ShopConfig, Stock, TakeMode,
    TillPartitioner, TillsConfig,
};
pub use error::ScenarioError;
pub use load::Overrides;
