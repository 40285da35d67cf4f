//! An order: its id, its till, what is in it, its price and the portions it needs.

use serde::Serialize;

/// Something on the menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// Cod and chips: a portion of cod and one of chips.
    CodAndChips,
    /// Plaice and chips: a portion of plaice (fried to order) and one of chips.
    PlaiceAndChips,
    /// A portion of chips.
    Chips,
    /// Large chips: two portions of chips.
    LargeChips,
    /// A pie, kept in the warmer rather than the cabinet.
    Pie,
}

impl Item {
    /// The price in pence.
    pub fn price_pence(self) -> u64 {
        match self {
            Item::CodAndChips => 1050,
            Item::PlaiceAndChips => 1250,
            Item::Chips => 350,
            Item::LargeChips => 450,
            Item::Pie => 400,
        }
    }

    /// Portions of (cod, chips, plaice) that one of this item takes from the cabinet.
    pub fn portions(self) -> Portions {
        match self {
            Item::CodAndChips => Portions {
                cod: 1,
                chips: 1,
                plaice: 0,
            },
            Item::PlaiceAndChips => Portions {
                cod: 0,
                chips: 1,
                plaice: 1,
            },
            Item::Chips => Portions {
                cod: 0,
                chips: 1,
                plaice: 0,
            },
            Item::LargeChips => Portions {
                cod: 0,
                chips: 2,
                plaice: 0,
            },
            Item::Pie => Portions::default(),
        }
    }

    /// The item's name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Item::CodAndChips => "cod_and_chips",
            Item::PlaiceAndChips => "plaice_and_chips",
            Item::Chips => "chips",
            Item::LargeChips => "large_chips",
            Item::Pie => "pie",
        }
    }
}

/// Portions of what the hot cabinet holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Portions {
    /// Portions of cod.
    pub cod: u32,
    /// Portions of chips.
    pub chips: u32,
    /// Portions of plaice.
    pub plaice: u32,
}

impl Portions {
    /// Whether nothing is needed.
    pub fn is_empty(&self) -> bool {
        self.cod == 0 && self.chips == 0 && self.plaice == 0
    }
}

impl Portions {
    /// What is left of `self` after taking `other` away, item by item, never below zero.
    pub fn saturating_sub(self, other: Portions) -> Portions {
        Portions {
            cod: self.cod.saturating_sub(other.cod),
            chips: self.chips.saturating_sub(other.chips),
            plaice: self.plaice.saturating_sub(other.plaice),
        }
    }
}

impl std::ops::Add for Portions {
    type Output = Portions;
    fn add(self, o: Portions) -> Portions {
        Portions {
            cod: self.cod + o.cod,
            chips: self.chips + o.chips,
            plaice: self.plaice + o.plaice,
        }
    }
}

impl std::ops::Mul<u32> for Portions {
    type Output = Portions;
    fn mul(self, k: u32) -> Portions {
        Portions {
            cod: self.cod * k,
            chips: self.chips * k,
            plaice: self.plaice * k,
        }
    }
}

/// One line of an order: an item and how many of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct OrderLine {
    /// The item.
    pub item: Item,
    /// How many.
    pub count: u8,
}

/// An order as the till sends it: small and `Copy`, so it travels through Kafka cheaply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    /// Unique in a run, from 1, in the order orders were placed.
    pub id: u64,
    /// The till that took it, from 1.
    pub till: u32,
    lines: [Option<OrderLine>; 2],
    /// Where its record sits on `orders`, once a preparer has read it.
    logged: Option<Logged>,
}

/// An order's record on `orders`: when the till sent it, its partition and offset. A
/// preparer notes it on the order it read, so that the order carries it on (to the cook and
/// back on `ready`) and a second making of it can say which record it was, with nothing kept
/// per order once the order is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Logged {
    /// When the till sent it (the record's timestamp), which is when it was placed.
    pub placed: crate::engine::SimTime,
    /// Its partition.
    pub partition: u32,
    /// Its offset.
    pub offset: u64,
}

impl Order {
    /// An order of one or two lines.
    pub fn new(id: u64, till: u32, first: OrderLine, second: Option<OrderLine>) -> Self {
        Order {
            id,
            till,
            lines: [Some(first), second],
            logged: None,
        }
    }

    /// Where its record sits on `orders`, once a preparer has read it.
    pub fn logged(&self) -> Option<Logged> {
        self.logged
    }

    /// The order as a preparer read it from `orders`, at `logged`.
    pub fn read_at(self, logged: Logged) -> Order {
        Order {
            logged: Some(logged),
            ..self
        }
    }

    /// The order's lines.
    pub fn lines(&self) -> impl Iterator<Item = OrderLine> + '_ {
        self.lines.iter().flatten().copied()
    }

    /// Total price in pence.
    pub fn price_pence(&self) -> u64 {
        self.lines()
            .map(|l| l.item.price_pence() * u64::from(l.count))
            .sum()
    }

    /// Portions it takes from the cabinet.
    pub fn portions(&self) -> Portions {
        self.lines().fold(Portions::default(), |acc, l| {
            acc + l.item.portions() * u32::from(l.count)
        })
    }

    /// Whether it has plaice, which is fried to order.
    pub fn has_plaice(&self) -> bool {
        self.lines().any(|l| l.item == Item::PlaiceAndChips)
    }

    /// The items as text for a CSV cell, e.g. `cod_and_chips+2xlarge_chips`.
    pub fn items_text(&self) -> String {
        let mut out = Vec::new();
        self.write_items(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Appends [`items_text`](Self::items_text) to `out` without allocating.
    pub fn write_items(&self, out: &mut Vec<u8>) {
        for (i, l) in self.lines().enumerate() {
            if i > 0 {
                out.push(b'+');
            }
            if l.count != 1 {
                out.extend_from_slice(itoa::Buffer::new().format(l.count).as_bytes());
                out.push(b'x');
            }
            out.extend_from_slice(l.item.name().as_bytes());
        }
    }

    /// The message in the spirit of the talk: `{"order": id, "count": n, "till": t, "ready": r}`
    /// plus the items.
    pub fn payload(&self, ready: bool) -> serde_json::Value {
        let count: u32 = self.lines().map(|l| u32::from(l.count)).sum();
        let items: Vec<OrderLine> = self.lines().collect();
        serde_json::json!({
            "order": self.id, "count": count, "till": self.till, "ready": ready, "items": items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_and_portions_add_up() {
        let o = Order::new(
            7,
            2,
            OrderLine {
                item: Item::CodAndChips,
                count: 1,
            },
            Some(OrderLine {
                item: Item::LargeChips,
                count: 2,
            }),
        );
        assert_eq!(o.price_pence(), 1050 + 2 * 450);
        assert_eq!(
            o.portions(),
            Portions {
                cod: 1,
                chips: 5,
                plaice: 0
            }
        );
        assert!(!o.has_plaice());
        assert_eq!(o.items_text(), "cod_and_chips+2xlarge_chips");
        assert_eq!(o.payload(false)["count"], 3);
    }
}
