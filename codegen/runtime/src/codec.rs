//! The (de)serialization of generated objects, shared by every model: one generic visitor and
//! one writer here, driven by a small per-type table, instead of a visitor and a writer
//! written out for every type.
//!
//! A generated object implements [`Object`]: its properties' wire names (in spec order), and
//! a `read` that deserializes the value of the property at an index into its field. Its
//! `Serialize` lists `(wire name, Entry)` pairs for [`serialize`]. Values pass through
//! `erased-serde`, so the per-type code is a table and a `match` of one call per property,
//! type-checked once; what is generic over the serde format lives here, compiled once.
//!
//! The promises of the written-out code hold: properties are written in spec order (an absent
//! optional one left out, a null written as null), then the unknown ones in the order
//! received; a property that is not null and not absent is read as it is; unknown properties
//! are kept (or ignored, for types that keep none); a missing required property fails with
//! serde's "missing field" error.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap as _;
use serde::{Serialize, Serializer};

pub use erased_serde::{Deserializer as ErasedDeserializer, Error as ErasedError};

use crate::wire::Key;
use crate::{Nullable, Patch};

/// A generated object type, as the shared codec reads it.
pub trait Object: Default {
    /// What the deserializer expected, for its errors: "a Did object".
    const EXPECTING: &'static str;

    /// The properties: wire name, and whether the object must have it, in spec order.
    const PROPERTIES: &'static [(&'static str, bool)];

    /// Reads the value of the property at `index` of [`Object::PROPERTIES`] into its field.
    fn read(
        &mut self,
        index: usize,
        value: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error>;

    /// Where unknown properties go; `None` for a type that keeps none.
    fn extra(&mut self) -> Option<&mut dyn Extra> {
        None
    }
}

/// Reads one property's value into its field: what each arm of [`Object::read`] calls.
#[inline]
pub fn read<T: DeserializeOwned>(
    field: &mut T,
    value: &mut dyn erased_serde::Deserializer<'_>,
) -> Result<(), erased_serde::Error> {
    *field = erased_serde::deserialize(value)?;
    Ok(())
}

/// A map of unknown properties, in the order received.
pub trait Extra {
    /// Reads the value of the unknown property `key` and keeps it.
    fn insert(
        &mut self,
        key: String,
        value: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error>;

    /// The properties kept, in order, for writing them back.
    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &dyn erased_serde::Serialize)> + '_>;
}

impl Extra for serde_json::Map<String, serde_json::Value> {
    fn insert(
        &mut self,
        key: String,
        value: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        let value: serde_json::Value = erased_serde::deserialize(value)?;
        serde_json::Map::insert(self, key, value);
        Ok(())
    }

    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &dyn erased_serde::Serialize)> + '_> {
        Box::new(
            self.iter()
                .map(|(k, v)| (k.as_str(), v as &dyn erased_serde::Serialize)),
        )
    }
}

impl<T: DeserializeOwned + Serialize> Extra for indexmap::IndexMap<String, T> {
    fn insert(
        &mut self,
        key: String,
        value: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<(), erased_serde::Error> {
        let value: T = erased_serde::deserialize(value)?;
        indexmap::IndexMap::insert(self, key, value);
        Ok(())
    }

    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &dyn erased_serde::Serialize)> + '_> {
        Box::new(
            self.iter()
                .map(|(k, v)| (k.as_str(), v as &dyn erased_serde::Serialize)),
        )
    }
}

/// Deserializes a generated object: what its `Deserialize` impl calls.
pub fn deserialize<'de, T: Object, D: de::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<T>(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::default();
        // Which required properties were read; only types with some pay for it.
        let required = T::PROPERTIES.iter().filter(|p| p.1).count();
        let mut seen = vec![false; if required > 0 { T::PROPERTIES.len() } else { 0 }];
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match T::PROPERTIES.iter().position(|p| p.0 == key.as_str()) {
                Some(index) => {
                    map.next_value_seed(Property {
                        object: &mut object,
                        index,
                    })?;
                    if let Some(seen) = seen.get_mut(index) {
                        *seen = true;
                    }
                }
                None => match object.extra() {
                    Some(extra) => map.next_value_seed(Unknown {
                        extra,
                        key: key.into_owned(),
                    })?,
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                },
            }
        }
        if let Some(index) = (0..seen.len()).find(|&i| T::PROPERTIES[i].1 && !seen[i]) {
            return Err(de::Error::missing_field(T::PROPERTIES[index].0));
        }
        Ok(object)
    }
}

/// The value of a known property, read into its field.
struct Property<'a, T> {
    object: &'a mut T,
    index: usize,
}

impl<'de, T: Object> DeserializeSeed<'de> for Property<'_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        self.object
            .read(self.index, &mut erased)
            .map_err(de::Error::custom)
    }
}

/// The value of an unknown property, kept in the extras.
struct Unknown<'a> {
    extra: &'a mut dyn Extra,
    key: String,
}

impl<'de> DeserializeSeed<'de> for Unknown<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        self.extra
            .insert(self.key, &mut erased)
            .map_err(de::Error::custom)
    }
}

/// One property as [`serialize`] writes it.
pub enum Entry<'a> {
    /// Always written (a required property).
    Always(&'a dyn erased_serde::Serialize),
    /// Written unless absent (an `Option`, [`Nullable`] or [`Patch`] field).
    Maybe(&'a dyn Field),
}

/// A field that may be absent: `None`, [`Nullable::Absent`], [`Patch::Absent`].
pub trait Field {
    /// The value to write, or `None` to leave the property out.
    fn present(&self) -> Option<&dyn erased_serde::Serialize>;
}

impl<T: Serialize> Field for Option<T> {
    fn present(&self) -> Option<&dyn erased_serde::Serialize> {
        self.as_ref().map(|v| v as &dyn erased_serde::Serialize)
    }
}

impl<T: Serialize> Field for Nullable<T> {
    fn present(&self) -> Option<&dyn erased_serde::Serialize> {
        (!self.is_absent()).then_some(self as &dyn erased_serde::Serialize)
    }
}

impl<T: Serialize> Field for Patch<T> {
    fn present(&self) -> Option<&dyn erased_serde::Serialize> {
        (!self.is_absent()).then_some(self as &dyn erased_serde::Serialize)
    }
}

/// Serializes a generated object: its properties in order, then its unknown ones.
pub fn serialize<S: Serializer>(
    serializer: S,
    properties: &[(&'static str, Entry<'_>)],
    extra: Option<&dyn Extra>,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    for (wire, entry) in properties {
        let value = match entry {
            Entry::Always(value) => Some(*value),
            Entry::Maybe(field) => field.present(),
        };
        if let Some(value) = value {
            map.serialize_entry(wire, value)?;
        }
    }
    if let Some(extra) = extra {
        for (key, value) in extra.entries() {
            map.serialize_entry(key, value)?;
        }
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        id: String,
        name: Option<String>,
        note: Nullable<String>,
        count: Option<i64>,
        extra: serde_json::Map<String, serde_json::Value>,
    }

    impl Object for Thing {
        const EXPECTING: &'static str = "a Thing object";
        const PROPERTIES: &'static [(&'static str, bool)] = &[
            ("id", true),
            ("name", false),
            ("note", false),
            ("count", false),
        ];

        fn read(
            &mut self,
            index: usize,
            value: &mut dyn erased_serde::Deserializer<'_>,
        ) -> Result<(), erased_serde::Error> {
            match index {
                0 => read(&mut self.id, value),
                1 => read(&mut self.name, value),
                2 => read(&mut self.note, value),
                3 => read(&mut self.count, value),
                _ => Ok(()),
            }
        }

        fn extra(&mut self) -> Option<&mut dyn Extra> {
            Some(&mut self.extra)
        }
    }

    impl<'de> serde::Deserialize<'de> for Thing {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d)
        }
    }

    impl Serialize for Thing {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize(
                s,
                &[
                    ("id", Entry::Always(&self.id)),
                    ("name", Entry::Maybe(&self.name)),
                    ("note", Entry::Maybe(&self.note)),
                    ("count", Entry::Maybe(&self.count)),
                ],
                Some(&self.extra),
            )
        }
    }

    #[test]
    fn a_round_trip_keeps_order_nulls_and_unknown_properties() {
        let text = r#"{"zeta":1,"note":null,"id":"T1","alpha":{"b":[1,2]},"count":7}"#;
        let thing: Thing = serde_json::from_str(text).unwrap();
        assert_eq!(thing.id, "T1");
        assert_eq!(thing.note, Nullable::Null);
        assert_eq!(thing.name, None);
        assert_eq!(thing.count, Some(7));
        assert_eq!(
            serde_json::to_string(&thing).unwrap(),
            r#"{"id":"T1","note":null,"count":7,"zeta":1,"alpha":{"b":[1,2]}}"#
        );
    }

    #[test]
    fn errors_name_the_field_and_the_place() {
        let missing = serde_json::from_str::<Thing>(r#"{"name":"x"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `id`"),
            "{missing}"
        );
        let wrong = serde_json::from_str::<Thing>(r#"{"id":"T1","count":"seven"}"#).unwrap_err();
        let message = wrong.to_string();
        assert!(message.contains("expected i64"), "{message}");
        assert!(message.contains("line 1 column"), "{message}");
        let not_object = serde_json::from_str::<Thing>("[1]").unwrap_err();
        assert!(
            not_object.to_string().contains("expected a Thing object"),
            "{not_object}"
        );
    }

    #[test]
    fn reads_from_any_format_serde_offers() {
        let value = serde_json::json!({"id": "T2", "name": "n", "extra": true});
        let thing: Thing = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(thing.name.as_deref(), Some("n"));
        assert_eq!(serde_json::to_value(&thing).unwrap(), value);
    }
}
