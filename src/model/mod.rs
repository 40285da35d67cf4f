//! The shop: orders, menu, tills, preparers, cook and the books. It uses Kafka and Redis only
//! through their models' public APIs, as a real service uses a client library.

mod cabinet;
mod cook;
mod ledger;
mod menu;
mod order;
mod outputs;
mod preparer;
mod preparing;
mod report;
mod run;
mod sampling;
mod shop;
mod trace;
mod trace_jsonl;
mod view;

pub use ledger::{Ledger, OrderRecord};
pub use menu::Menu;
pub use order::{Item, Logged, Order, OrderLine, Portions};
pub use outputs::{AnalystDoc, RunOutputs};
pub use report::{
    DurationStats, KafkaReport, OrderCounts, PreparerReport, RedisReport, ShopReport,
};
pub use run::{ShopError, ShopRun, run_outputs, run_shop, run_shop_interruptible};
pub use shop::{Shop, ShopEvent};
pub use trace::{MadeFrom, Member, ToCook, TraceEvent};
pub use trace_jsonl::{TraceJsonl, TraceWindow};
pub use view::{PartitionView, PreparerState, PreparerView, ShopView};
