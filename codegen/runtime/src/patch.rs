//! The tri-state field of PATCH bodies: leave unchanged, clear, or set.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One nullable field of a PATCH body.
///
/// A PATCH changes only the attributes present in its body, so a nullable attribute has three
/// meanings: leave it as it is (`Absent`, not serialized), clear it (`Null`, serialized as
/// `null`) or set it (`Set`). Non-nullable attributes use `Option<T>` instead, so that null
/// cannot be sent where the API does not accept it.
///
/// Patch fields carry `#[serde(default, skip_serializing_if = "Patch::is_absent")]`, so an
/// absent field is neither written nor required when reading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Leave the attribute unchanged: the field is not serialized.
    #[default]
    Absent,
    /// Clear the attribute: the field is serialized as `null`.
    Null,
    /// Set the attribute to this value.
    Set(T),
}

impl<T> Patch<T> {
    /// True when the field is left out of the body.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// True when the field clears the attribute.
    pub fn is_null(&self) -> bool {
        matches!(self, Patch::Null)
    }

    /// The value being set, if any.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Patch::Set(value) => Some(value),
            Patch::Absent | Patch::Null => None,
        }
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` sets the attribute, `None` clears it.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Patch::Set(value),
            None => Patch::Null,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached when a container forgot `skip_serializing_if`; null is the least
            // surprising stand-in and never invents a value.
            Patch::Absent | Patch::Null => serializer.serialize_none(),
            Patch::Set(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing field never reaches this point (`#[serde(default)]` gives `Absent`), so
        // what is here is either an explicit null or a value.
        Option::<T>::deserialize(deserializer).map(Patch::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Patch;

    #[derive(serde::Serialize, serde::Deserialize, Default, Debug, PartialEq)]
    struct Body {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        city: Patch<String>,
    }

    #[test]
    fn each_state_serializes_as_documented() {
        let absent = Body::default();
        let null = Body { city: Patch::Null };
        let set = Body {
            city: Patch::Set("Long Beach".into()),
        };
        assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
        assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"city":null}"#);
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            r#"{"city":"Long Beach"}"#
        );
    }

    #[test]
    fn each_state_reads_back() {
        let read = |s: &str| serde_json::from_str::<Body>(s).unwrap().city;
        assert_eq!(read("{}"), Patch::Absent);
        assert_eq!(read(r#"{"city":null}"#), Patch::Null);
        assert_eq!(read(r#"{"city":"x"}"#), Patch::Set("x".to_string()));
    }
}
