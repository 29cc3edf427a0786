//! The tri-state of a received property that is nullable and not required: absent, null, or
//! a value.

use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Patch;

/// A property the spec marks nullable and does not require, as received: the server may
/// leave it out (`Absent`), send `null` (`Null`), or send a value (`Value`). Serializing
/// writes back what was read: nothing, `null`, or the value.
///
/// The common case is short: [`Nullable::value`] gives `Option<&T>` (a value, or neither
/// absent nor null), [`Nullable::as_deref`] borrows a `String` as `&str`. Fields of this type
/// carry `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Not sent.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, if one was sent (`None` when absent or null).
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if one was sent, taken out.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// True when the property was not sent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True when the property was sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Borrows the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// Borrows the value through `Deref`: `&str` for a `String`, `&[T]` for a `Vec<T>`.
    pub fn as_deref(&self) -> Nullable<&T::Target>
    where
        T: Deref,
    {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value.deref()),
        }
    }

    /// Maps the value, keeping absent and null.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// A received state as a PATCH field: absent leaves the attribute, null clears it, a value
/// sets it.
impl<T> From<Nullable<T>> for Patch<T> {
    fn from(value: Nullable<T>) -> Self {
        match value {
            Nullable::Absent => Patch::Absent,
            Nullable::Null => Patch::Null,
            Nullable::Value(value) => Patch::Set(value),
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // `Absent` is skipped by the field's `skip_serializing_if`; written on its own
            // (in a list, say) null is the only thing it can be.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing field never reaches this point (`#[serde(default)]` gives `Absent`).
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[derive(serde::Serialize, serde::Deserialize, Default, Debug, PartialEq)]
    struct Received {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        city: Nullable<String>,
    }

    #[test]
    fn absent_null_and_value_each_round_trip() {
        for (json, state) in [
            ("{}", Nullable::Absent),
            (r#"{"city":null}"#, Nullable::Null),
            (
                r#"{"city":"Long Beach"}"#,
                Nullable::Value("Long Beach".to_owned()),
            ),
        ] {
            let read: Received = serde_json::from_str(json).unwrap();
            assert_eq!(read.city, state);
            assert_eq!(serde_json::to_string(&read).unwrap(), json);
        }
    }

    #[test]
    fn the_common_case_is_short() {
        let city = Nullable::Value("Long Beach".to_owned());
        assert_eq!(city.as_deref().value(), Some(&"Long Beach"));
        assert_eq!(Nullable::<String>::Null.value(), None);
        assert_eq!(Nullable::<String>::Absent.into_value(), None);
        assert_eq!(crate::Patch::from(Nullable::<u8>::Null), crate::Patch::Null);
    }
}
