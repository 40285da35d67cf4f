//! What customers order: the talk's die roll, or a mix of items by share.

use rand::Rng;

use super::order::{Item, OrderLine};
use crate::engine::{EngineError, WeightedChoice};
use crate::scenario::{MenuKind, OrdersConfig};

/// Draws the lines of new orders.
#[derive(Clone, Debug)]
pub enum Menu {
    /// 6 (plaice on) cod & chips + plaice & chips; 5 cod & chips + large chips; 4 chips;
    /// else cod & chips.
    Dice {
        /// Whether a 6 adds plaice.
        plaice: bool,
    },
    /// An item by share, with a chance of a second portion.
    Mix {
        /// The items and their shares.
        items: WeightedChoice<Item>,
        /// Chance of two portions instead of one.
        extra_portion: f64,
    },
}

impl Menu {
    /// The menu a scenario asks for (its shares already validated).
    pub fn new(config: &OrdersConfig) -> Result<Menu, EngineError> {
        Ok(match config.menu {
            MenuKind::Dice => Menu::Dice {
                plaice: config.plaice,
            },
            MenuKind::Mix => {
                let m = &config.mix;
                let plaice = if config.plaice { m.plaice } else { 0.0 };
                Menu::Mix {
                    items: WeightedChoice::new(
                        vec![
                            Item::CodAndChips,
                            Item::Chips,
                            Item::LargeChips,
                            Item::PlaiceAndChips,
                            Item::Pie,
                        ],
                        &[m.cod, m.chips, m.large_chips, plaice, m.pie],
                    )?,
                    extra_portion: m.extra_portion,
                }
            }
        })
    }

    /// Draws one order's lines.
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> (OrderLine, Option<OrderLine>) {
        let one = |item| OrderLine { item, count: 1 };
        match self {
            Menu::Dice { plaice } => match rng.random_range(1..=6u8) {
                6 if *plaice => (one(Item::CodAndChips), Some(one(Item::PlaiceAndChips))),
                5 => (one(Item::CodAndChips), Some(one(Item::LargeChips))),
                4 => (one(Item::Chips), None),
                _ => (one(Item::CodAndChips), None),
            },
            Menu::Mix {
                items,
                extra_portion,
            } => {
                let count = if rng.random_bool(*extra_portion) {
                    2
                } else {
                    1
                };
                (
                    OrderLine {
                        item: *items.sample(rng),
                        count,
                    },
                    None,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RngStreams;

    #[test]
    fn the_die_gives_each_face_a_sixth() {
        let menu = Menu::Dice { plaice: true };
        let mut rng = RngStreams::new(5).stream("menu");
        let n = 60_000;
        let plaice = (0..n)
            .filter(|_| {
                menu.draw(&mut rng)
                    .1
                    .is_some_and(|l| l.item == Item::PlaiceAndChips)
            })
            .count();
        assert!(
            (plaice as f64 / n as f64 - 1.0 / 6.0).abs() < 0.01,
            "{plaice}"
        );
        let no_plaice = Menu::Dice { plaice: false };
        assert!((0..1000).all(|_| {
            no_plaice
                .draw(&mut rng)
                .1
                .is_none_or(|l| l.item != Item::PlaiceAndChips)
        }));
    }
}
