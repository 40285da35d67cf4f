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
    /// The die with the 6 (plaice) face weighted to come up with probability `plaice_share`,
    /// and faces 1 to 5 sharing the rest equally: `--plaice-share` on the dice menu.
    LoadedDice {
        /// The share of orders with plaice.
        plaice_share: f64,
    },
    /// An item by share, with a chance of a second portion.
    Mix {
        /// The items and their shares.
        items: WeightedChoice<Item>,
        /// Chance of two portions instead of one.
        extra_portion: f64,
    },
    /// Plaice with probability `plaice_share`, else another item by the mix's shares:
    /// `--plaice-share` on the mix menu.
    MixWithPlaiceShare {
        /// The share of orders with plaice.
        plaice_share: f64,
        /// The other items and their shares (`None` when `plaice_share` is 1).
        others: Option<WeightedChoice<Item>>,
        /// Chance of two portions instead of one.
        extra_portion: f64,
    },
}

impl Menu {
    /// The menu a scenario asks for (its shares already validated).
    pub fn new(config: &OrdersConfig) -> Result<Menu, EngineError> {
        let m = &config.mix;
        let others = || {
            WeightedChoice::new(
                vec![Item::CodAndChips, Item::Chips, Item::LargeChips, Item::Pie],
                &[m.cod, m.chips, m.large_chips, m.pie],
            )
        };
        Ok(match (config.menu, config.plaice_share) {
            (MenuKind::Dice, None) => Menu::Dice {
                plaice: config.plaice,
            },
            (MenuKind::Dice, Some(plaice_share)) => Menu::LoadedDice { plaice_share },
            (MenuKind::Mix, None) => {
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
            (MenuKind::Mix, Some(plaice_share)) => Menu::MixWithPlaiceShare {
                plaice_share,
                others: if plaice_share < 1.0 {
                    Some(others()?)
                } else {
                    None
                },
                extra_portion: m.extra_portion,
            },
        })
    }

    /// Draws one order's lines.
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> (OrderLine, Option<OrderLine>) {
        match self {
            Menu::Dice { plaice } => face(rng.random_range(1..=6u8), *plaice),
            Menu::LoadedDice { plaice_share } => {
                if rng.random_bool(*plaice_share) {
                    face(6, true)
                } else {
                    face(rng.random_range(1..=5u8), true)
                }
            }
            Menu::Mix {
                items,
                extra_portion,
            } => {
                let count = portions(rng, *extra_portion);
                (
                    OrderLine {
                        item: *items.sample(rng),
                        count,
                    },
                    None,
                )
            }
            Menu::MixWithPlaiceShare {
                plaice_share,
                others,
                extra_portion,
            } => {
                let count = portions(rng, *extra_portion);
                let item = match others {
                    Some(others) if !rng.random_bool(*plaice_share) => *others.sample(rng),
                    _ => Item::PlaiceAndChips,
                };
                (OrderLine { item, count }, None)
            }
        }
    }
}

/// The talk's die: what face `n` orders.
fn face(n: u8, plaice: bool) -> (OrderLine, Option<OrderLine>) {
    let one = |item| OrderLine { item, count: 1 };
    match n {
        6 if plaice => (one(Item::CodAndChips), Some(one(Item::PlaiceAndChips))),
        5 => (one(Item::CodAndChips), Some(one(Item::LargeChips))),
        4 => (one(Item::Chips), None),
        _ => (one(Item::CodAndChips), None),
    }
}

/// One portion, or two with probability `extra`.
fn portions<R: Rng + ?Sized>(rng: &mut R, extra: f64) -> u8 {
    if rng.random_bool(extra) { 2 } else { 1 }
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

    fn has_plaice(lines: (OrderLine, Option<OrderLine>)) -> bool {
        lines.0.item == Item::PlaiceAndChips
            || lines.1.is_some_and(|l| l.item == Item::PlaiceAndChips)
    }

    /// The share of `n` orders with plaice, and the counts of each first item.
    fn measure(
        config: &OrdersConfig,
        n: usize,
    ) -> (f64, std::collections::BTreeMap<String, usize>) {
        let menu = Menu::new(config).unwrap();
        let mut rng = RngStreams::new(11).stream("menu");
        let mut plaice = 0;
        let mut firsts = std::collections::BTreeMap::new();
        for _ in 0..n {
            let lines = menu.draw(&mut rng);
            *firsts
                .entry(format!("{:?}{:?}", lines.0.item, lines.1.map(|l| l.item)))
                .or_insert(0) += 1;
            plaice += usize::from(has_plaice(lines));
        }
        (plaice as f64 / n as f64, firsts)
    }

    #[test]
    fn the_plaice_share_is_the_share_of_orders_with_plaice_on_every_menu() {
        let n = 40_000;
        for menu in [MenuKind::Dice, MenuKind::Mix] {
            for share in [0.0, 0.1, 0.5, 0.9, 1.0] {
                let config = OrdersConfig {
                    menu,
                    plaice: share > 0.0,
                    plaice_share: Some(share),
                    ..OrdersConfig::default()
                };
                let (got, _) = measure(&config, n);
                // Four standard errors of a binomial proportion.
                let tolerance = 4.0 * (share * (1.0 - share) / n as f64).sqrt();
                assert!(
                    (got - share).abs() <= tolerance,
                    "{menu:?} {share}: {got} (tolerance {tolerance})"
                );
            }
        }
    }

    #[test]
    fn a_loaded_die_shares_the_other_faces_equally() {
        let config = OrdersConfig {
            plaice: true,
            plaice_share: Some(0.5),
            ..OrdersConfig::default()
        };
        let (_, firsts) = measure(&config, 50_000);
        // Faces 1-3 order cod & chips alone (3/5 of the rest), 4 chips, 5 cod + large chips.
        let share = |k: &str| firsts.get(k).copied().unwrap_or(0) as f64 / 50_000.0;
        assert!((share("CodAndChipsNone") - 0.3).abs() < 0.01);
        assert!((share("ChipsNone") - 0.1).abs() < 0.01);
        assert!((share("CodAndChipsSome(LargeChips)") - 0.1).abs() < 0.01);
    }
}
