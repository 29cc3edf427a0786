//! The (de)serialization of generated objects, shared by every model: one generic visitor and
//! one writer here, driven by a small per-type table, instead of a visitor and a writer
//! written out for every type.
//!
//! A generated object implements [`Object`]: its properties' wire names (in spec order), and
//! a `read` that deserializes the value of the property at an index into its field: a `match`
//! of one [`put`] per property (a typed `next_value`), so values are read as fast as serde's
//! derive reads them. The arm is a call rather than an assignment and a `?`, which a crate
//! type-checks and borrow-checks in about a third of the time (codegen/BENCHMARKS.md). Its
//! `Serialize` lists `(wire name, Entry)` pairs for [`serialize`], whose values pass
//! through `erased-serde`. What is generic over the serde format (the visitor, key lookup,
//! required properties, the writer) lives here, type-checked once.
//!
//! The promises of the written-out code hold: properties are written in spec order (an absent
//! optional one left out, a null written as null), then the unknown ones in the order
//! received; a property that is not null and not absent is read as it is; unknown properties
//! are kept (or ignored, for types that keep none); a missing required property fails with
//! serde's "missing field" error.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap as _;
use serde::{Serialize, Serializer};

use crate::wire::Key;
use crate::{Nullable, Patch};

/// A generated object type, as the shared codec reads it.
pub trait Object: Default {
    /// What the deserializer expected, for its errors: "a Did object".
    const EXPECTING: &'static str;

    /// The properties: wire name, and whether the object must have it, in spec order.
    const PROPERTIES: &'static [(&'static str, bool)];

    /// Reads the next value of `map`, that of the property at `index` of
    /// [`Object::PROPERTIES`], into its field.
    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;

    /// Reads the next value of `map`, that of the unknown property `key`, into the map of
    /// unknown properties; `false` (the value left unread) for a type that keeps none.
    fn read_extra<'de, A: MapAccess<'de>>(
        &mut self,
        key: String,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        let _ = (key, map);
        Ok(false)
    }
}

/// A map of unknown properties, as [`serialize`] writes them back, in order.
pub trait Extra {
    /// The properties kept, in order.
    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &dyn erased_serde::Serialize)> + '_>;
}

impl Extra for serde_json::Map<String, serde_json::Value> {
    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &dyn erased_serde::Serialize)> + '_> {
        Box::new(
            self.iter()
                .map(|(k, v)| (k.as_str(), v as &dyn erased_serde::Serialize)),
        )
    }
}

impl<T: Serialize> Extra for indexmap::IndexMap<String, T> {
    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &dyn erased_serde::Serialize)> + '_> {
        Box::new(
            self.iter()
                .map(|(k, v)| (k.as_str(), v as &dyn erased_serde::Serialize)),
        )
    }
}

/// A map of unknown properties, as [`Object::read_extra`] fills it.
pub trait Keep<'de> {
    /// Reads the next value of `map`, that of the unknown property `key`, into the map;
    /// `true`: the value was read.
    fn keep<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<bool, A::Error>;
}

impl<'de> Keep<'de> for serde_json::Map<String, serde_json::Value> {
    #[inline]
    fn keep<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<bool, A::Error> {
        self.insert(key, map.next_value()?);
        Ok(true)
    }
}

impl<'de, T: de::Deserialize<'de>> Keep<'de> for indexmap::IndexMap<String, T> {
    #[inline]
    fn keep<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<bool, A::Error> {
        self.insert(key, map.next_value()?);
        Ok(true)
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
        // Which properties were read, for the required ones: a bit each, on the stack for
        // types of up to 256 properties (almost all), on the heap beyond.
        let mut small = [0u64; 4];
        let mut large = Vec::new();
        let seen: &mut [u64] = if T::PROPERTIES.len() <= 256 {
            &mut small
        } else {
            large.resize(T::PROPERTIES.len().div_ceil(64), 0);
            &mut large
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match T::PROPERTIES.iter().position(|p| p.0 == key.as_str()) {
                Some(index) => {
                    object.read(index, &mut map)?;
                    if let Some(word) = seen.get_mut(index / 64) {
                        *word |= 1 << (index % 64);
                    }
                }
                None => {
                    if !object.read_extra(key.into_owned(), &mut map)? {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
        }
        let read = |i: usize| seen.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0);
        if let Some((wire, _)) = T::PROPERTIES
            .iter()
            .enumerate()
            .find(|(i, p)| p.1 && !read(*i))
            .map(|(_, p)| p)
        {
            return Err(de::Error::missing_field(wire));
        }
        Ok(object)
    }
}

/// Reads the next value of `map` into `field`: one arm of an [`Object::read`].
// Always: a `read` of many arms is large enough that the optimizer would otherwise call it,
// which made decoding a Partner about 10% slower (codegen/BENCHMARKS.md).
#[inline(always)]
pub fn put<'de, T: de::Deserialize<'de>, A: MapAccess<'de>>(
    field: &mut T,
    map: &mut A,
) -> Result<(), A::Error> {
    *field = map.next_value()?;
    Ok(())
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

/// How a property is written and read, as the [`received_object!`](crate::received_object)
/// and [`sent_object!`](crate::sent_object) tables name it: `required` (always written, and
/// a received object must have it), `always` (always written, but read as its default when
/// absent: a required nullable property) or `optional` (written only when present).
pub mod entry {
    use super::{Entry, Field};

    /// Always written; a received object must have it.
    #[inline]
    pub fn required<T: serde::Serialize>(value: &T) -> Entry<'_> {
        Entry::Always(value)
    }

    /// Always written; read as its default when absent.
    #[inline]
    pub fn always<T: serde::Serialize>(value: &T) -> Entry<'_> {
        Entry::Always(value)
    }

    /// Written only when present.
    #[inline]
    pub fn optional<T: Field>(value: &T) -> Entry<'_> {
        Entry::Maybe(value)
    }
}

/// Whether a received object must have a property of each kind of [`entry`].
#[allow(non_upper_case_globals, reason = "named after the kinds of `entry`")]
pub mod must {
    /// A received object must have it.
    pub const required: bool = true;
    /// Read as its default when absent.
    pub const always: bool = false;
    /// May be absent.
    pub const optional: bool = false;
}

/// A received object with a `Default`: the struct, its getters, `Serialize`, `Deserialize`
/// and [`codec::Object`](crate::codec::Object), from one table. The struct's attributes and
/// name, what a deserializer expected; then one line per property, in spec order: the field
/// as the struct declares it, then its index, wire name and [`entry`](crate::codec::entry)
/// kind, and for a read-only property (a private field) how its getter borrows it
/// (`borrow`, `as_ref` or `as_deref`, with `undocumented` when the spec says nothing of it)
/// and what it returns; last, the field of unknown properties if the type keeps them.
///
/// ```text
/// received_object! {
///     /// A DID.
///     #[derive(Clone, Debug, Default, PartialEq)]
///     pub struct Did "a Did object" {
///         /// The DID's own SID.
///         did_sid: String = 0 "did_sid" required (borrow) -> &str,
///         pub name: Option<String> = 1 "name" optional,
///     }
///     extra: serde_json::Map<String, serde_json::Value>
/// }
/// ```
///
/// A `macro_rules!` rather than printed items: a generated crate is less than half as long,
/// the tables are all a reader of the generated code needs to see, and rustfmt leaves them
/// as they are.
#[doc(hidden)]
#[macro_export]
macro_rules! received_object {
    (
        $(#[$attr:meta])*
        pub struct $name:ident $expecting:literal {
            $(
                $(#[$fattr:meta])*
                $vis:vis $field:ident: $ty:ty = $index:literal $wire:literal $kind:ident
                    $(($($get:ident)+) -> $ret:ty)?,
            )*
        }
        $($(#[$eattr:meta])* $extra:ident: $extra_ty:ty)?
    ) => {
        $(#[$attr])*
        pub struct $name {
            $($(#[$fattr])* $vis $field: $ty,)*
            $(
                /// Properties the spec does not name, as received.
                $(#[$eattr])*
                pub $extra: $extra_ty,
            )?
        }

        #[allow(
            clippy::should_implement_trait,
            clippy::new_ret_no_self,
            reason = "a getter is named after its property, which may be `clone` or `new`"
        )]
        impl $name {
            $($crate::__getter! { [$(#[$fattr])*] $field $(($($get)+) -> $ret)? })*
        }

        $crate::__serialize_object! { $name [$($wire $field $kind)*] $($extra)? }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::codec::deserialize(deserializer)
            }
        }

        impl $crate::codec::Object for $name {
            const EXPECTING: &'static str = $expecting;
            const PROPERTIES: &'static [(&'static str, bool)] =
                &[$(($wire, $crate::codec::must::$kind),)*];

            #[inline]
            fn read<'de, __A: $crate::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut __A,
            ) -> ::core::result::Result<(), __A::Error> {
                let _ = &map;
                match index {
                    $($index => $crate::codec::put(&mut self.$field, map),)*
                    _ => ::core::result::Result::Ok(()),
                }
            }

            $(
                #[inline]
                fn read_extra<'de, __A: $crate::serde::de::MapAccess<'de>>(
                    &mut self,
                    key: ::std::string::String,
                    map: &mut __A,
                ) -> ::core::result::Result<bool, __A::Error> {
                    $crate::codec::Keep::keep(&mut self.$extra, key, map)
                }
            )?
        }
    };
}

/// The getter of a read-only property, or nothing for a writable one (a public field).
#[doc(hidden)]
#[macro_export]
macro_rules! __getter {
    ([$($attr:tt)*] $field:ident) => {};
    ([$($attr:tt)*] $field:ident ($get:ident undocumented) -> $ret:ty) => {
        $crate::__getter! {
            [#[allow(missing_docs, reason = "the spec does not describe it")] $($attr)*]
            $field ($get) -> $ret
        }
    };
    ([$($attr:tt)*] $field:ident (borrow) -> $ret:ty) => {
        $($attr)*
        #[inline]
        pub fn $field(&self) -> $ret {
            &self.$field
        }
    };
    ([$($attr:tt)*] $field:ident (as_ref) -> $ret:ty) => {
        $($attr)*
        #[inline]
        pub fn $field(&self) -> $ret {
            self.$field.as_ref()
        }
    };
    ([$($attr:tt)*] $field:ident (as_deref) -> $ret:ty) => {
        $($attr)*
        #[inline]
        pub fn $field(&self) -> $ret {
            self.$field.as_deref()
        }
    };
}

/// A sent object (a patch, an input form): the struct and its `Serialize`, from one table.
/// The struct's attributes and name; then one line per property, in spec order: the field as
/// the struct declares it, then its wire name and [`entry`](crate::codec::entry) kind; last,
/// the field of unknown properties (with its attributes) if the type keeps them.
#[doc(hidden)]
#[macro_export]
macro_rules! sent_object {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[$fattr:meta])*
                pub $field:ident: $ty:ty = $wire:literal $kind:ident,
            )*
        }
        $($(#[$eattr:meta])* $extra:ident: $extra_ty:ty)?
    ) => {
        $(#[$attr])*
        pub struct $name {
            $($(#[$fattr])* pub $field: $ty,)*
            $(
                /// Properties the spec does not name, as received.
                $(#[$eattr])*
                pub $extra: $extra_ty,
            )?
        }

        $crate::__serialize_object! { $name [$($wire $field $kind)*] $($extra)? }
    };
}

/// `Serialize` through the shared codec: the properties in order, then the unknown ones.
#[doc(hidden)]
#[macro_export]
macro_rules! __serialize_object {
    ($name:ident [$($wire:literal $field:ident $kind:ident)*] $($extra:ident)?) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<__S: $crate::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                $crate::codec::serialize(
                    serializer,
                    &[$(($wire, $crate::codec::entry::$kind(&self.$field)),)*],
                    ::core::option::Option::None$(.or(::core::option::Option::Some(&self.$extra as &dyn $crate::codec::Extra)))?,
                )
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    // The table a generated crate writes for such a type: a read-only `id` (a private field
    // and its getter), the others public.
    crate::received_object! {
        /// A thing.
        #[derive(Debug, Default, PartialEq)]
        pub struct Thing "a Thing object" {
            /// Its own ID.
            id: String = 0 "id" required (borrow) -> &str,
            pub name: Option<String> = 1 "name" optional,
            note: Nullable<String> = 2 "note" optional (as_deref undocumented) -> Nullable<&str>,
            count: Option<i64> = 3 "count" optional (as_ref) -> Option<&i64>,
        }
        extra: serde_json::Map<String, serde_json::Value>
    }

    // A sent form: always-written properties, no extras.
    crate::sent_object! {
        /// A sent form.
        #[derive(Default)]
        pub struct Sent {
            pub id: String = "id" always,
            pub note: Option<String> = "note" optional,
            pub label: Nullable<String> = "label" optional,
        }
    }

    // No named properties, only unknown ones; and one required nullable property.
    crate::received_object! {
        #[derive(Debug, Default, PartialEq)]
        pub struct Bag "a Bag object" {}
        rest: serde_json::Map<String, serde_json::Value>
    }

    crate::received_object! {
        #[derive(Debug, Default, PartialEq)]
        pub struct Maybe "a Maybe object" {
            pub value: Option<String> = 0 "value" always,
        }
    }

    #[test]
    fn getters_borrow_the_read_only_fields() {
        let thing: Thing =
            serde_json::from_str(r#"{"id":"T1","note":"n","count":2,"name":"x"}"#).unwrap();
        assert_eq!(thing.id(), "T1");
        assert_eq!(thing.note(), Nullable::Value("n"));
        assert_eq!(thing.count(), Some(&2));
        assert_eq!(thing.name.as_deref(), Some("x"));
    }

    #[test]
    fn a_type_of_unknown_properties_and_a_required_nullable_one() {
        let text = r#"{"b":1,"a":[true]}"#;
        let bag: Bag = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&bag).unwrap(), text);
        // Absent reads as None (tolerant), and is written back as null: it is required.
        let maybe: Maybe = serde_json::from_str(r#"{"other":1}"#).unwrap();
        assert_eq!(maybe.value, None);
        assert_eq!(serde_json::to_string(&maybe).unwrap(), r#"{"value":null}"#);
    }

    #[test]
    fn a_sent_form_writes_what_is_set_in_order() {
        let sent = Sent {
            id: "S1".into(),
            note: None,
            label: Nullable::Null,
        };
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            r#"{"id":"S1","label":null}"#
        );
        let empty = Sent::default();
        assert_eq!(serde_json::to_string(&empty).unwrap(), r#"{"id":""}"#);
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

    /// 300 properties, the last one required: past the stack's 256 bits.
    #[derive(Default)]
    struct Wide {
        last: String,
    }

    impl Object for Wide {
        const EXPECTING: &'static str = "a Wide object";
        const PROPERTIES: &'static [(&'static str, bool)] = &{
            let mut all = [("other", false); 300];
            all[299] = ("last", true);
            all
        };

        fn read<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            if index == 299 {
                self.last = map.next_value()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }

    #[test]
    fn a_missing_required_property_is_found_past_256_properties() {
        let mut json = serde_json::Deserializer::from_str(r#"{"other": 1}"#);
        let error = deserialize::<Wide, _>(&mut json).err().expect("refused");
        assert!(
            error.to_string().contains("missing field `last`"),
            "{error}"
        );
        let mut json = serde_json::Deserializer::from_str(r#"{"last": "here"}"#);
        assert_eq!(deserialize::<Wide, _>(&mut json).unwrap().last, "here");
    }

    #[test]
    fn reads_from_any_format_serde_offers() {
        let value = serde_json::json!({"id": "T2", "name": "n", "extra": true});
        let thing: Thing = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(thing.name.as_deref(), Some("n"));
        assert_eq!(serde_json::to_value(&thing).unwrap(), value);
    }
}
