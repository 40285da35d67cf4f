//! The shop: orders, menu, tills, preparers, cook and the books. It uses Kafka and Redis only
//! through their models' public APIs, as a real service uses a client library.

mod ledger;
mod menu;
mod order;

pub use ledger::{FinishedOrders, Ledger, OrderRecord};
pub use menu::Menu;
pub use order::{Item, Order, OrderLine, Portions};
