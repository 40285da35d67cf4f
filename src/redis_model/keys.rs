//! Key names interned to small integers ([`KeyId`]), so the hot path never hashes or allocates.

use std::collections::HashMap;

/// A key name interned by a [`Store`](super::Store): cheap to copy, compare and index by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub(crate) u32);

impl KeyId {
    /// The key's index in its store (0, 1, 2, ... in the order names were first seen).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Names to ids and back. The map is only looked up, never iterated, so it decides nothing.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    names: Vec<Box<[u8]>>,
    ids: HashMap<Box<[u8]>, KeyId>,
}

impl Keys {
    /// The id of `name`, interning it if new.
    pub(crate) fn intern(&mut self, name: &[u8]) -> KeyId {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = KeyId(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    /// The id of `name`, if it was ever interned.
    pub(crate) fn lookup(&self, name: &[u8]) -> Option<KeyId> {
        self.ids.get(name).copied()
    }

    /// The name behind `id`.
    pub(crate) fn name(&self, id: KeyId) -> &[u8] {
        &self.names[id.index()]
    }

    /// How many names are interned.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}
